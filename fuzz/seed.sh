#!/bin/sh
# Fills corpus/<target>/ with the default site's real files (the seeds the fuzzers start from).
# Run from fuzz/: ./seed.sh
set -eu
cd "$(dirname "$0")"
site=..
rm -rf corpus/front_matter corpus/markdown corpus/data corpus/config corpus/markdown_shapes corpus/csv
mkdir -p corpus/front_matter corpus/markdown corpus/data corpus/config corpus/markdown_shapes corpus/csv

n=0
for f in $(find "$site/content" -name '*.md' | sort); do
    n=$((n + 1))
    cp "$f" "corpus/front_matter/page-$n.md"
    # markdown: a selector byte (language, shortcode handler, base path, first line), then
    # the body after the front matter.
    body=$(mktemp)
    awk 'BEGIN{c=0} c>=2{print; next} /^---[ \t\r]*$/{c++; next} c<1{print}' "$f" >"$body"
    for sel in 0 1 2 5; do
        { printf "\\$(printf '%03o' $sel)"; cat "$body"; } >"corpus/markdown/page-$n-$sel.md"
    done
    rm -f "$body"
done
# Shortcodes, raw HTML and links in one seed, so the fuzzer starts near the interesting parts.
{
    printf '\000'
    cat <<'MD'
## 主要目标 {#goals .wide}

前面 {{ task(id="task-1") }} 和 {{ indicator(id="rd-intensity", text="研发") }} 后面。

{{ callout(text="注意：**重要**") }}

{{ figure(src="/files/chart.png", alt="图表") }}

<p title="x">段落<b>粗</b><a href="https://example.org/">外</a></p>

[链接](/tasks/) ![图](/img/a.png "t") <https://example.org> [^1]

| a | b |
|---|---|
| 1 | 2 |

```rust
let a = "{{ x() }}";
```

- [x] 完成
> 引用

[^1]: 脚注
MD
} >corpus/markdown/features.md

i=0
for name in plan tasks projects firms services agencies indicators; do
    { printf "\\$(printf '%03o' $i)"; cat "$site/data/$name.yaml"; } >"corpus/data/$name.yaml"
    i=$((i + 1))
done

cp "$site/config.toml" corpus/config/config.toml

# markdown_shapes: two bytes of repeat count (little-endian), the unit, a tail. The shapes of
# issue 14, each 20,000 times.
n=0
for unit in '[a](' '<a ' '*a' '`a' '[' '![a](' '**a' '_a' '&#' '<' '{{ a(' '> ' '- ' '|a'; do
    n=$((n + 1))
    { printf '\040\116'; printf '%s' "$unit"; } >"corpus/markdown_shapes/shape-$n"
done
{ printf '\040\116['; printf 'a'; printf ']%.0s' $(seq 1 200); } >corpus/markdown_shapes/nested

# csv: cells separated by U+001F, rows by U+001E, list items by U+001D.
printf '示例任务\037甲\035乙\036=HYPERLINK("https://x/","y")\037@SUM(1)\036"quoted, with comma"\037line\nbreak\036-5\037+1\035\t2' >corpus/csv/mixed
for t in front_matter markdown data config markdown_shapes csv; do
    echo "$t: $(ls corpus/$t | wc -l) seeds"
done
