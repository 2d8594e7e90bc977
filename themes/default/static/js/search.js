/* planportal site search.
 *
 * Answers queries in the page from this language's sharded index, built with the site by
 * src/outputs/search/ (see src/outputs/search/shards.rs for the files): it loads the small
 * entry file search/index.json, then only the chunks holding the query's words and the
 * fragments of the results it shows. The tokenizer below mirrors
 * src/outputs/search/tokenize.rs rule for rule, and resolve()/rank() mirror
 * Index::resolve_query and Index::rank in src/outputs/search/index.rs: the index and the
 * query must cut Chinese the same way, and the browser test (tests/search.rs) checks that they
 * do. Words are matched by stem without a stemmer here: the index links every form a page
 * uses to its stem, and this script follows the link.
 *
 * Ranking (the same rule as index.rs, stated on the search page): exact name of a page first,
 * then pages whose title has every word, then entity pages before other pages before news,
 * then more occurrences, then the site's order.
 *
 * The page works without this script: the form sends ?q= to the same page, which then says
 * that search needs JavaScript and links to the section lists. Page text is only ever put
 * into the document as text (textContent, text nodes), never as HTML.
 */
(function () {
  'use strict';

  var FORMAT_VERSION = 2;
  var PAGE = 10;
  // At most this many pieces of a query are looked up (a pasted paragraph must not fetch the
  // whole index); the same limit as index::MAX_PIECES.
  var MAX_PIECES = 12;
  /* A query is cut to its first MAX_QUERY_CHARS code points and each repeated piece is kept
     once, so a crafted ?q= link cannot freeze the tab (issue 14). */
  var MAX_QUERY_CHARS = 200;
  var OTHER = 0, CJK = 1, WORD = 2, JOINER = 3;

  // ---- Tokenizer (same rules as src/outputs/search/tokenize.rs) ----

  /* One code point in, one code point out: full-width ASCII to ASCII, the ideographic space
     to a space, then A-Z and U+00C0-U+00DE (not U+00D7) to lowercase. */
  function foldCode(u) {
    if (u >= 0xFF01 && u <= 0xFF5E) {
      u -= 0xFEE0;
    } else if (u === 0x3000) {
      u = 0x20;
    }
    if ((u >= 0x41 && u <= 0x5A) || (u >= 0xC0 && u <= 0xDE && u !== 0xD7)) {
      u += 0x20;
    }
    return u;
  }

  // Exactly the characters foldCode changes; all of them are one UTF-16 unit before and after,
  // so positions in the folded text are positions in the original.
  var FOLDED = /[A-Z\u00C0-\u00D6\u00D8-\u00DE\u3000\uFF01-\uFF5E]/g;

  function normalize(text) {
    return text.replace(FOLDED, function (c) {
      return String.fromCharCode(foldCode(c.charCodeAt(0)));
    });
  }

  function classOf(u) {
    if ((u >= 0x30 && u <= 0x39) || (u >= 0x61 && u <= 0x7A)) { return WORD; }
    if (u >= 0xDF && u <= 0xFF && u !== 0xF7) { return WORD; }
    if (u >= 0x100 && u <= 0x24F) { return WORD; }
    if (u === 0x26 || u === 0x27 || u === 0x2B || u === 0x2D || u === 0x2E || u === 0x2F ||
        u === 0x5F || u === 0x2019) { return JOINER; }
    if (u === 0x3005 || u === 0x3007) { return CJK; }
    if ((u >= 0x1100 && u <= 0x11FF) || (u >= 0x3040 && u <= 0x30FF) ||
        (u >= 0x3130 && u <= 0x318F) || (u >= 0x31F0 && u <= 0x31FF) ||
        (u >= 0x3400 && u <= 0x4DBF) || (u >= 0x4E00 && u <= 0x9FFF) ||
        (u >= 0xAC00 && u <= 0xD7AF) || (u >= 0xF900 && u <= 0xFAFF) ||
        (u >= 0xFF66 && u <= 0xFF9F) || (u >= 0x20000 && u <= 0x3134F)) { return CJK; }
    return OTHER;
  }

  function segments(text) {
    var chars = Array.from(normalize(text));
    var cls = chars.map(function (c) { return classOf(c.codePointAt(0)); });
    var n = chars.length;
    var out = [];
    var i = 0;
    while (i < n) {
      if (cls[i] === CJK) {
        var s = i;
        while (i < n && cls[i] === CJK) { i++; }
        out.push({ cjk: true, text: chars.slice(s, i).join('') });
      } else if (cls[i] === WORD) {
        var start = i;
        var parts = [];
        for (;;) {
          var p = i;
          while (i < n && cls[i] === WORD) { i++; }
          parts.push(chars.slice(p, i).join(''));
          if (i + 1 < n && cls[i] === JOINER && cls[i + 1] === WORD) {
            i++;
          } else {
            break;
          }
        }
        out.push({ cjk: false, text: chars.slice(start, i).join(''), parts: parts });
      } else {
        i++;
      }
    }
    return out;
  }

  function indexTokens(text) {
    var out = [];
    segments(text).forEach(function (s) {
      if (s.cjk) {
        var chars = Array.from(s.text);
        for (var i = 0; i < chars.length; i++) {
          out.push(chars[i]);
          if (i + 1 < chars.length) { out.push(chars[i] + chars[i + 1]); }
        }
      } else {
        s.parts.forEach(function (p) { out.push(p); });
        if (s.parts.length > 1) { out.push(s.parts.join('')); }
      }
    });
    return out;
  }

  function parseQuery(text) {
    var all = Array.from(String(text)).slice(0, MAX_QUERY_CHARS);
    text = all.join('');
    var last = all.length ? all[all.length - 1].codePointAt(0) : -1;
    var endsInWord = last !== -1 && classOf(foldCode(last)) === WORD;
    var segs = segments(text);
    var seen = new Set();
    return segs.map(function (s, i) {
      if (s.cjk) {
        var chars = Array.from(s.text);
        var tokens = [];
        if (chars.length === 1) {
          tokens.push(s.text);
        } else {
          for (var k = 0; k + 1 < chars.length; k++) { tokens.push(chars[k] + chars[k + 1]); }
        }
        return { needle: s.text, tokens: tokens, cjk: true, prefix: false };
      }
      return {
        needle: s.text,
        tokens: [s.parts.join('')],
        cjk: false,
        prefix: i === segs.length - 1 && endsInWord
      };
    }).filter(function (p) {
      var key = (p.cjk ? 'c' : p.prefix ? 'p' : 'w') + p.needle;
      if (seen.has(key)) { return false; }
      seen.add(key);
      return true;
    });
  }

  function startsWord(hay, at) {
    return at === 0 || classOf(hay.charCodeAt(at - 1)) !== WORD;
  }

  /* Where needle occurs in hay, without overlaps; with wordStart only where it begins a word.
     Calls visit(position) for each and returns the count. */
  function eachOccurrence(hay, needle, wordStart, visit) {
    if (!needle) { return 0; }
    var count = 0;
    var from = 0;
    var at;
    while ((at = hay.indexOf(needle, from)) !== -1) {
      if (!wordStart || startsWord(hay, at)) {
        count++;
        if (visit && visit(at) === false) { break; }
        from = at + needle.length;
      } else {
        from = at + 1;
      }
    }
    return count;
  }

  function occurrences(hay, needle, wordStart) {
    return eachOccurrence(hay, needle, wordStart, null);
  }

  /* The key of a text as a name: its runs joined by one space, without a leading number
     (tokenize::name_key). */
  function nameKey(text) {
    var runs = segments(text).map(function (s) { return s.text; });
    if (runs.length > 1 && /^[0-9]+$/.test(runs[0])) { runs.shift(); }
    return runs.length ? '=' + runs.join(' ') : null;
  }

  // ---- The index files (src/outputs/search/shards.rs) ----

  var ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_';
  var DIGIT = {};
  for (var d = 0; d < ALPHABET.length; d++) { DIGIT[ALPHABET.charAt(d)] = d; }

  /* Postings: id -> weight (occurrences up to 15, plus 16 when in the title). */
  function decodePostings(text) {
    var out = new Map();
    var previous = -1;
    var v = 0;
    var scale = 1;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGIT[text.charAt(i)];
      if (digit === undefined) { throw new Error('bad postings'); }
      v += (digit & 31) * scale;
      if (digit >= 32) { scale *= 32; continue; }
      var id = previous + 1 + Math.floor(v / 32);
      out.set(id, v % 32);
      previous = id;
      v = 0;
      scale = 1;
    }
    return out;
  }

  /* Compares by code point, as Rust orders the keys (UTF-16 order differs above U+FFFF). */
  function cmp(a, b) {
    var i = 0;
    var j = 0;
    while (i < a.length && j < b.length) {
      var x = a.codePointAt(i);
      var y = b.codePointAt(j);
      if (x !== y) { return x < y ? -1 : 1; }
      i += x > 0xFFFF ? 2 : 1;
      j += y > 0xFFFF ? 2 : 1;
    }
    return (a.length - i) - (b.length - j) < 0 ? -1 : ((a.length - i) === (b.length - j) ? 0 : 1);
  }

  function getJson(url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) { throw new Error('HTTP ' + response.status); }
      return response.json();
    });
  }

  /* The index of a language, read on demand from the entry file at `url`. */
  function open(url) {
    var base = url.replace(/[^/]*$/, '');
    return getJson(url).then(function (entry) {
      if (!entry || entry.version !== FORMAT_VERSION || !Array.isArray(entry.firsts)) {
        throw new Error('unsupported search index');
      }
      var chunks = new Map();
      var tables = new Map();
      var fragments = new Map();
      var synonyms = new Map(Object.entries(entry.synonyms || {}));
      var firsts = entry.firsts;
      var HASH = entry.chunks.length / Math.max(1, firsts.length);

      /* The chunk that would hold key: the last whose first key is not after it. */
      function chunkOf(key) {
        var lo = 0;
        var hi = firsts.length;
        while (lo < hi) {
          var mid = (lo + hi) >> 1;
          if (cmp(firsts[mid], key) <= 0) { lo = mid + 1; } else { hi = mid; }
        }
        return Math.max(0, lo - 1);
      }

      function chunk(i) {
        if (!chunks.has(i)) {
          chunks.set(i, getJson(base + 'c/' + entry.chunks.substr(i * HASH, HASH) + '.json').then(function (data) {
            var keys = Object.keys(data).sort(cmp);
            var values = new Map();
            keys.forEach(function (k) {
              var v = data[k];
              var stem = null;
              var postings = '';
              if (Array.isArray(v)) { stem = v[0]; postings = v[1] || ''; } else { postings = v; }
              values.set(k, { stem: stem, raw: postings, postings: null });
            });
            return { keys: keys, values: values };
          }));
        }
        return chunks.get(i);
      }

      /* What the index holds under key, or null. */
      function lookup(key) {
        return chunk(chunkOf(key)).then(function (c) { return c.values.get(key) || null; });
      }

      function postings(key) {
        return lookup(key).then(function (e) {
          if (!e) { return new Map(); }
          if (!e.postings) { e.postings = decodePostings(e.raw); }
          return e.postings;
        });
      }

      /* The key token is listed under: its stem when the index knows one. */
      function resolve(token) {
        return lookup(token).then(function (e) { return e && e.stem ? e.stem : token; });
      }

      /* The first entry.prefix keys starting with token, resolved, without repeats. */
      function prefixKeys(token) {
        var found = [];
        function scan(i, from) {
          return chunk(i).then(function (c) {
            var k = from ? lowerBound(c.keys, token) : 0;
            var done = false;
            for (; k < c.keys.length && found.length < entry.prefix; k++) {
              if (!c.keys[k].startsWith(token)) { done = true; break; }
              found.push(c.keys[k]);
            }
            if (!done && found.length < entry.prefix && i + 1 < firsts.length &&
                firsts[i + 1].startsWith(token)) {
              return scan(i + 1, false);
            }
            return null;
          });
        }
        return scan(chunkOf(token), true).then(function () {
          return Promise.all(found.map(resolve));
        }).then(function (keys) {
          return keys.filter(function (k, i) { return keys.indexOf(k) === i; });
        });
      }

      function lowerBound(keys, token) {
        var lo = 0;
        var hi = keys.length;
        while (lo < hi) {
          var mid = (lo + hi) >> 1;
          if (cmp(keys[mid], token) < 0) { lo = mid + 1; } else { hi = mid; }
        }
        return lo;
      }

      function tier(id) {
        if (id < entry.tiers[0]) { return 0; }
        return id < entry.tiers[0] + entry.tiers[1] ? 1 : 2;
      }

      /* The fragment of page id: address, title, section, other name, text. */
      function fragment(id) {
        if (!fragments.has(id)) {
          var t = Math.floor(id / entry.table);
          if (!tables.has(t)) { tables.set(t, getJson(base + 'p/' + entry.tables.substr(t * HASH, HASH) + '.json')); }
          fragments.set(id, tables.get(t).then(function (names) {
            return getJson(base + 'f/' + names[id % entry.table] + '.json');
          }).then(function (f) {
            f.a = f.a || '';
            f.nx = normalize(f.x);
            f.nall = normalize(f.t + ' ' + f.a + ' ' + f.x);
            return f;
          }));
        }
        return fragments.get(id);
      }

      return {
        lang: entry.lang,
        entry: entry,
        synonyms: synonyms,
        resolve: resolve,
        prefixKeys: prefixKeys,
        postings: postings,
        tier: tier,
        fragment: fragment
      };
    });
  }

  // ---- The query (the same algorithm as Index::resolve_query and Index::rank) ----

  function codePoints(s) { return Array.from(s).length; }

  /* Looks the pieces of q up: stems, prefixes, synonyms, the name key. */
  function resolveQuery(index, q) {
    var pieces = parseQuery(q).slice(0, MAX_PIECES);
    var own = pieces.length ? nameKey(q) : null;
    var names = own ? [own] : [];
    var single = pieces.length === 1;
    return Promise.all(pieces.map(function (piece) {
      var own;
      if (piece.cjk) {
        own = Promise.resolve({
          needle: piece.needle,
          groups: piece.tokens.map(function (t) { return [t]; }),
          phrase: codePoints(piece.needle) >= 3
        });
      } else {
        var token = piece.tokens[0];
        var keys = piece.prefix && codePoints(token) >= index.entry.min_prefix ?
          index.prefixKeys(token) :
          index.resolve(token).then(function (k) { return [k]; });
        own = keys.then(function (ks) { return { needle: piece.needle, groups: [ks], phrase: false }; });
      }
      var synKeys = piece.cjk ? Promise.resolve([piece.needle]) :
        index.resolve(piece.tokens[0]).then(function (stem) { return [piece.tokens[0], stem]; });
      return Promise.all([own, synKeys]).then(function (r) {
        var alternatives = [[r[0]]];
        var seen = [JSON.stringify([r[0]])];
        r[1].forEach(function (key) {
          var alts = [];
          (index.synonyms.get(key) || []).forEach(function (g) {
            alts = alts.concat(index.entry.groups[g] || []);
          });
          alts.forEach(function (alt) {
            var targets = alt.map(function (t) {
              return {
                needle: t.n,
                groups: t.t.map(function (k) { return [k]; }),
                phrase: t.c && codePoints(t.n) >= 3
              };
            });
            if (single) {
              var name = '=' + targets.map(function (t) { return t.needle; }).join(' ');
              if (names.indexOf(name) === -1) { names.push(name); }
            }
            var s = JSON.stringify(targets);
            if (seen.indexOf(s) === -1) { seen.push(s); alternatives.push(targets); }
          });
        });
        return alternatives;
      });
    })).then(function (resolved) { return { pieces: resolved, names: names }; });
  }

  function union(into, ids) { ids.forEach(function (id) { into.add(id); }); return into; }

  function intersect(a, b) {
    var out = new Set();
    a.forEach(function (id) { if (b.has(id)) { out.add(id); } });
    return out;
  }

  /* Several pieces needing a phrase check: one list of each, joined (index::combine). */
  function combine(checks) {
    var out = [[]];
    checks.forEach(function (piece) {
      var next = [];
      out.forEach(function (partial) {
        piece.forEach(function (list) { next.push(partial.concat(list)); });
      });
      out = next.slice(0, 64);
    });
    return out;
  }

  /* The candidates, best first: [{id, confirm}], confirm being the phrase lists of which one
     must occur on the page (none: nothing to check). */
  function rank(index, resolved) {
    if (!resolved.pieces.length) { return Promise.resolve([]); }
    var keys = [];
    resolved.pieces.forEach(function (alts) {
      alts.forEach(function (alt) {
        alt.forEach(function (t) {
          t.groups.forEach(function (g) { g.forEach(function (k) { if (keys.indexOf(k) === -1) { keys.push(k); } }); });
        });
      });
    });
    return Promise.all(keys.map(index.postings)).then(function (lists) {
      var post = new Map();
      keys.forEach(function (k, i) { post.set(k, lists[i]); });
      var candidates = null;
      resolved.pieces.forEach(function (alts) {
        var pieceSet = new Set();
        alts.forEach(function (alt) {
          var altSet = null;
          alt.forEach(function (t) {
            t.groups.forEach(function (g) {
              var set = new Set();
              g.forEach(function (k) { union(set, post.get(k).keys()); });
              altSet = altSet === null ? set : intersect(altSet, set);
            });
          });
          if (altSet) { union(pieceSet, altSet); }
        });
        candidates = candidates === null ? pieceSet : intersect(candidates, pieceSet);
      });
      // Only entity pages have names: their chunk is fetched only when one is a candidate.
      var entity = Array.from(candidates || []).some(function (id) { return index.tier(id) === 0; });
      var names = entity ? resolved.names : [];
      return Promise.all(names.map(index.postings)).then(function (found) {
        var exact = new Set();
        found.forEach(function (p) { union(exact, p.keys()); });
        return ordered(index, resolved, candidates, post, exact);
      });
    });
  }

  function ordered(index, resolved, candidates, post, exact) {
      var ranked = [];
      Array.from(candidates || []).sort(function (a, b) { return a - b; }).forEach(function (id) {
        var inTitle = true;
        var hits = 0;
        var checks = [];
        resolved.pieces.forEach(function (alts) {
          var pieceCount = 0;
          var pieceTitle = false;
          var pieceChecks = [];
          var unchecked = false;
          alts.forEach(function (alt) {
            var altCount = Infinity;
            var altTitle = true;
            var matched = alt.every(function (t) {
              return t.groups.every(function (g) {
                var weights = [];
                g.forEach(function (k) { var w = post.get(k).get(id); if (w !== undefined) { weights.push(w); } });
                if (!weights.length) { return false; }
                altCount = Math.min(altCount, Math.max.apply(null, weights.map(function (w) { return w & 15; })));
                altTitle = altTitle && weights.some(function (w) { return (w & 16) !== 0; });
                return true;
              });
            });
            if (!matched) { return; }
            pieceCount = Math.max(pieceCount, altCount);
            pieceTitle = pieceTitle || altTitle;
            var phrases = alt.filter(function (t) { return t.phrase; }).map(function (t) { return t.needle; });
            if (phrases.length) { pieceChecks.push(phrases); } else { unchecked = true; }
          });
          hits += pieceCount;
          inTitle = inTitle && pieceTitle;
          if (!unchecked) { checks.push(pieceChecks); }
        });
        var confirm = checks.length === 0 ? [] : (checks.length === 1 ? checks[0] : combine(checks));
        ranked.push([exact.has(id) ? 1 : 0, inTitle ? 1 : 0, index.tier(id), hits, id, confirm]);
      });
      ranked.sort(function (a, b) {
        return (b[0] - a[0]) || (b[1] - a[1]) || (a[2] - b[2]) || (b[3] - a[3]) || (a[4] - b[4]);
      });
      return ranked.map(function (r) { return { id: r[4], confirm: r[5] }; });
  }

  /* Is the candidate a result, given its fragment? */
  function confirmed(candidate, f) {
    return !candidate.confirm.length || candidate.confirm.some(function (list) {
      return list.every(function (needle) { return f.nall.indexOf(needle) !== -1; });
    });
  }

  /* What to mark in snippets: every needle of the query and of its synonyms, and the stems. */
  function marks(resolved) {
    var out = [];
    var seen = {};
    function add(needle, cjk) {
      var k = (cjk ? 'c' : 'w') + needle;
      if (needle && !seen[k] && needle.charAt(0) !== '=') { seen[k] = true; out.push({ needle: needle, cjk: cjk }); }
    }
    resolved.pieces.forEach(function (alts) {
      alts.forEach(function (alt) {
        alt.forEach(function (t) {
          var cjk = classOf(t.needle.codePointAt(0)) === CJK;
          add(t.needle, cjk);
          if (!cjk) { t.groups.forEach(function (g) { g.forEach(function (k) { add(k, false); }); }); }
        });
      });
    });
    return out;
  }

  /* Every result of q (all candidates confirmed): for the tests, which compare it with
     Index::search. */
  function searchAll(index, q) {
    return resolveQuery(index, q).then(function (resolved) { return rank(index, resolved); })
      .then(function (ranked) {
        return Promise.all(ranked.map(function (c) { return index.fragment(c.id); })).then(function (fs) {
          var out = [];
          ranked.forEach(function (c, i) { if (confirmed(c, fs[i])) { out.push(fs[i].u); } });
          return out;
        });
      });
  }

  // ---- Snippets: a window of the text around the first match, matches marked ----

  function snippetParts(doc, pieces, lang) {
    var text = doc.x;
    var ntext = doc.nx;
    var before = lang === 'zh' ? 20 : 60;
    var length = lang === 'zh' ? 100 : 240;
    var first = -1;
    pieces.forEach(function (p) {
      eachOccurrence(ntext, p.needle, !p.cjk, function (at) {
        if (first === -1 || at < first) { first = at; }
        return false;
      });
    });
    var start = first > before ? first - before : 0;
    if (start > 0 && lang !== 'zh') {
      var space = text.indexOf(' ', start);
      if (space !== -1 && space < first) { start = space + 1; }
    }
    var end = Math.min(text.length, start + length);
    // Never cut a surrogate pair.
    if (start > 0 && /[\uDC00-\uDFFF]/.test(text.charAt(start))) { start--; }
    if (end < text.length && /[\uDC00-\uDFFF]/.test(text.charAt(end))) { end++; }
    var marks = [];
    pieces.forEach(function (p) {
      eachOccurrence(ntext, p.needle, !p.cjk, function (at) {
        if (at >= end) { return false; }
        var stop = Math.min(at + p.needle.length, end);
        if (at >= start) { marks.push([at, stop]); }
        return true;
      });
    });
    marks.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var parts = [];
    var pos = start;
    marks.forEach(function (m) {
      if (m[0] < pos) { return; }
      if (m[0] > pos) { parts.push({ text: text.slice(pos, m[0]), mark: false }); }
      parts.push({ text: text.slice(m[0], m[1]), mark: true });
      pos = m[1];
    });
    if (pos < end) { parts.push({ text: text.slice(pos, end), mark: false }); }
    if (start > 0) { parts.unshift({ text: '…', mark: false }); }
    if (end < text.length) { parts.push({ text: '…', mark: false }); }
    return parts;
  }

  // ---- The page ----

  var api = {
    normalize: normalize,
    segments: segments,
    indexTokens: indexTokens,
    parseQuery: parseQuery,
    nameKey: nameKey,
    MAX_QUERY_CHARS: MAX_QUERY_CHARS,
    occurrences: occurrences,
    decodePostings: decodePostings,
    snippetParts: snippetParts
  };

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  function start() {
    var form = document.getElementById('search-form');
    var input = document.getElementById('search-q');
    var status = document.getElementById('search-status');
    var list = document.getElementById('search-results');
    var more = document.getElementById('search-more');
    var browse = document.getElementById('search-browse');
    if (!form || !input || !status || !list) { return; }
    var t = form.dataset;
    var index = null;
    var timer = null;
    var latest = 0;
    var current = null;

    function say(text) { status.textContent = text; }

    function clear() {
      while (list.firstChild) { list.removeChild(list.firstChild); }
      list.hidden = true;
      if (more) { more.hidden = true; }
    }

    function item(f, pieces) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.className = 'search-result-title';
      a.href = f.u;
      a.textContent = f.t;
      li.appendChild(a);
      if (f.a) {
        var other = document.createElement('span');
        other.className = 'search-result-other';
        other.lang = index.lang === 'zh' ? 'en' : 'zh';
        other.textContent = ' · ' + f.a;
        li.appendChild(other);
      }
      if (f.s) {
        var section = document.createElement('p');
        section.className = 'search-result-section';
        section.textContent = f.s;
        li.appendChild(section);
      }
      var snippet = document.createElement('p');
      snippet.className = 'search-result-snippet';
      snippetParts(f, pieces, index.lang).forEach(function (part) {
        if (part.mark) {
          var mark = document.createElement('mark');
          mark.textContent = part.text;
          snippet.appendChild(mark);
        } else {
          snippet.appendChild(document.createTextNode(part.text));
        }
      });
      li.appendChild(snippet);
      return li;
    }

    /* Shows the next PAGE results of the current query, fetching the fragments of the
       candidates in rank order (and only those) until PAGE are confirmed. */
    function showMore(run) {
      var c = current;
      var wanted = c.shown + PAGE;
      function step() {
        if (run !== latest) { return null; }
        if (c.shown >= wanted || c.next >= c.ranked.length) { return finish(); }
        var batch = c.ranked.slice(c.next, c.next + (wanted - c.shown));
        c.next += batch.length;
        return Promise.all(batch.map(function (cand) { return index.fragment(cand.id); }))
          .then(function (fs) {
            if (run !== latest) { return null; }
            fs.forEach(function (f, i) {
              if (confirmed(batch[i], f)) {
                list.appendChild(item(f, c.marks));
                c.shown++;
              } else {
                c.rejected++;
              }
            });
            return step();
          });
      }
      function finish() {
        var exact = c.exact || c.next >= c.ranked.length;
        var n = exact ? c.ranked.length - c.rejected : c.ranked.length;
        list.hidden = c.shown === 0;
        if (browse) { browse.hidden = c.shown !== 0; }
        if (more) { more.hidden = c.next >= c.ranked.length; }
        var message;
        if (c.shown === 0) {
          message = format(t.none, { q: c.q });
        } else if (!exact) {
          message = format(t.countAbout, { n: n });
        } else {
          message = format(n === 1 ? t.countOne : t.count, { n: n });
        }
        if (c.shown > 0 && c.shown < n) { message += ' ' + format(t.shown, { shown: c.shown }); }
        say(message);
        // For tests and styles: the results of this query are in.
        status.setAttribute('data-done', c.q);
        return null;
      }
      return step();
    }

    /* The entry point of a query: everything a query does starts here. */
    function run(q) {
      var run = ++latest;
      var query = q.trim();
      status.removeAttribute('data-done');
      if (!query || !parseQuery(query).length) {
        clear();
        current = null;
        say(t.prompt);
        return Promise.resolve();
      }
      return resolveQuery(index, q).then(function (resolved) {
        return rank(index, resolved).then(function (ranked) {
          if (run !== latest) { return null; }
          clear();
          current = {
            q: query,
            ranked: ranked,
            marks: marks(resolved),
            exact: ranked.every(function (c) { return !c.confirm.length; }),
            next: 0,
            shown: 0,
            rejected: 0
          };
          return showMore(run);
        });
      }).catch(function () {
        if (run === latest) { say(t.failed); }
      });
    }

    /* The address, and the language switch, carry the query. */
    function remember(q) {
      var search = q ? '?q=' + encodeURIComponent(q) : '';
      window.history.replaceState(null, '', search || window.location.pathname);
      document.querySelectorAll('.lang-switch a[hreflang]').forEach(function (a) {
        var href = a.getAttribute('href').replace(/[?#].*$/, '');
        a.setAttribute('href', href + search);
      });
    }

    var q = new URLSearchParams(window.location.search).get('q') || '';
    input.value = q;
    remember(q);
    say(t.loading);
    api.ready = open(form.getAttribute('data-index'))
      .then(function (opened) {
        index = opened;
        api.index = index;
        api.search = function (query) { return searchAll(index, query); };
        api.resolve = function (query) { return resolveQuery(index, query); };
        api.run = function (query) { return run(query); };
        if (browse) { browse.hidden = true; }
        form.addEventListener('submit', function (event) {
          event.preventDefault();
          window.clearTimeout(timer);
          remember(input.value);
          run(input.value);
        });
        input.addEventListener('input', function () {
          window.clearTimeout(timer);
          timer = window.setTimeout(function () {
            remember(input.value);
            run(input.value);
          }, 150);
        });
        if (more) {
          more.addEventListener('click', function () {
            if (current) { showMore(latest); }
          });
        }
        return run(input.value);
      })
      .catch(function () {
        say(t.failed);
        if (browse) { browse.hidden = false; }
      });
  }

  if (typeof window !== 'undefined') { window.PlanportalSearch = api; }
  if (typeof module === 'object' && module && module.exports) { module.exports = api; }
  if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', start);
    } else {
      start();
    }
  }
}());
