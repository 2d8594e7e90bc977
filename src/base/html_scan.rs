//! A small, forgiving scanner for the HTML the site writes (minified: attribute values may be
//! unquoted). It finds start tags and their attributes — enough to collect the ids of a page
//! and the addresses it points at, which is all `planportal check` and the `_headers` file need.

/// One start tag: its lowercase name and its attributes (names lowercase, values decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartTag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

impl StartTag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every start tag of `html`, in order. Comments, doctypes, end tags and the text of
/// `<script>`, `<style>`, `<textarea>` and `<title>` are skipped.
pub fn start_tags(html: &str) -> Vec<StartTag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = find_byte(b, b'<', i) {
        i = lt + 1;
        if b[i..].starts_with(b"!--") {
            i = find(b, b"-->", i).map(|e| e + 3).unwrap_or(b.len());
            continue;
        }
        match b.get(i) {
            Some(c) if c.is_ascii_alphabetic() => {}
            Some(b'!' | b'?' | b'/') => {
                i = find_byte(b, b'>', i).map(|e| e + 1).unwrap_or(b.len());
                continue;
            }
            _ => continue,
        }
        let name_end = scan_while(b, i, |c| {
            c.is_ascii_alphanumeric() || c == b'-' || c == b':'
        });
        let name = html[i..name_end].to_ascii_lowercase();
        i = name_end;
        let mut attrs = Vec::new();
        loop {
            i = scan_while(b, i, |c| c.is_ascii_whitespace() || c == b'/');
            match b.get(i) {
                None => break,
                Some(b'>') => {
                    i += 1;
                    break;
                }
                _ => {}
            }
            let n_end = scan_while(b, i, |c| {
                !c.is_ascii_whitespace() && !matches!(c, b'=' | b'>' | b'/')
            });
            let attr_name = html[i..n_end].to_ascii_lowercase();
            i = scan_while(b, n_end, |c| c.is_ascii_whitespace());
            let mut value = String::new();
            if b.get(i) == Some(&b'=') {
                i = scan_while(b, i + 1, |c| c.is_ascii_whitespace());
                match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = find_byte(b, q, i + 1).unwrap_or(b.len());
                        value = decode_entities(&html[i + 1..end]);
                        i = (end + 1).min(b.len());
                    }
                    _ => {
                        let end = scan_while(b, i, |c| !c.is_ascii_whitespace() && c != b'>');
                        value = decode_entities(&html[i..end]);
                        i = end;
                    }
                }
            }
            if attr_name.is_empty() {
                i += 1; // a stray character; skip it
                continue;
            }
            attrs.push((attr_name, value));
        }
        if matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
            let close = format!("</{name}");
            i = find_ascii_ci(b, close.as_bytes(), i).unwrap_or(b.len());
        }
        out.push(StartTag { name, attrs });
    }
    out
}

/// The ids of a page and the addresses it points at.
#[derive(Debug, Clone, Default)]
pub struct Scanned {
    /// Every `id` (and `name` of `<a>`), as anchors can target them.
    pub ids: Vec<String>,
    /// Every `href`, `src`, `srcset` entry and `poster`, as written.
    pub refs: Vec<Ref>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    /// The element, e.g. `a`, `img`, `link`.
    pub tag: String,
    pub value: String,
}

impl Ref {
    /// True for targets that load into the page (images, stylesheets, scripts, media).
    pub fn is_asset(&self) -> bool {
        !matches!(self.tag.as_str(), "a" | "area")
    }
}

/// Ids and references of one page.
pub fn scan(html: &str) -> Scanned {
    let mut s = Scanned::default();
    for tag in start_tags(html) {
        for (name, value) in &tag.attrs {
            match name.as_str() {
                "id" => s.ids.push(value.clone()),
                "name" if tag.name == "a" => s.ids.push(value.clone()),
                "href" | "xlink:href" | "src" | "poster" => s.refs.push(Ref {
                    tag: tag.name.clone(),
                    value: value.trim().to_string(),
                }),
                "srcset" => {
                    for candidate in value.split(',') {
                        if let Some(url) = candidate.split_whitespace().next() {
                            s.refs.push(Ref {
                                tag: tag.name.clone(),
                                value: url.to_string(),
                            });
                        }
                    }
                }
                _ => {}
            }
        }
    }
    s
}

/// The `content` of `<meta http-equiv="…">` (case-insensitive), if the page has one.
pub fn meta_http_equiv(html: &str, http_equiv: &str) -> Option<String> {
    start_tags(html)
        .into_iter()
        .filter(|t| t.name == "meta")
        .find(|t| {
            t.attr("http-equiv")
                .is_some_and(|v| v.eq_ignore_ascii_case(http_equiv))
        })
        .and_then(|t| t.attr("content").map(str::to_string))
}

fn find_byte(b: &[u8], needle: u8, from: usize) -> Option<usize> {
    b.get(from..)?
        .iter()
        .position(|&c| c == needle)
        .map(|p| p + from)
}

fn find(b: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn find_ascii_ci(b: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

fn scan_while(b: &[u8], mut i: usize, keep: impl Fn(u8) -> bool) -> usize {
    while i < b.len() && keep(b[i]) {
        i += 1;
    }
    i
}

/// Decodes the character references that appear in attribute values.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest
            .char_indices()
            .skip(1)
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '#'))
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        let name = &rest[1..end];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name.strip_prefix('#').and_then(|n| {
                let code = match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => n.parse().ok(),
                };
                code.and_then(char::from_u32)
            }),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                let semi = rest[end..].starts_with(';') as usize;
                rest = &rest[end + semi..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes `%XX` escapes of a URL path (as UTF-8); invalid escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minified_attributes_quoted_and_unquoted() {
        let html = r#"<!doctype html><html lang=zh-CN><head><title>a<b></title>
<script src=/js/a.js></script><style>a{background:url(</style>
<link rel=stylesheet href="/css/site.1.css"></head><body><!-- <a href=/no/> -->
<a href=/en/ class=x>en</a><h2 id=主要目标>t</h2><a href='/a?b=1&amp;c=2#x'>q</a>
<img src=/files/a.png srcset="/a-1x.png 1x, /a-2x.png 2x" alt=""><a name=old></a><br/></body>"#;
        let s = scan(html);
        let values: Vec<&str> = s.refs.iter().map(|r| r.value.as_str()).collect();
        assert_eq!(
            values,
            [
                "/js/a.js",
                "/css/site.1.css",
                "/en/",
                "/a?b=1&c=2#x",
                "/files/a.png",
                "/a-1x.png",
                "/a-2x.png"
            ]
        );
        assert_eq!(s.ids, ["主要目标", "old"]);
        assert!(s.refs[4].is_asset() && !s.refs[2].is_asset());
    }

    #[test]
    fn meta_and_decoding() {
        let html = r#"<meta http-equiv=Content-Security-Policy content="default-src 'self'; img-src 'self' data:">"#;
        assert_eq!(
            meta_http_equiv(html, "content-security-policy").as_deref(),
            Some("default-src 'self'; img-src 'self' data:")
        );
        assert_eq!(decode_entities("a&#39;b&#x4e2d;&amp&zz;"), "a'b中&&zz;");
        assert_eq!(percent_decode("/tags/%E6%94%BF%E7%AD%96/"), "/tags/政策/");
        assert_eq!(percent_decode("/a%2"), "/a%2");
    }
}
