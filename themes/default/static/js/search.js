/* planportal site search.
 *
 * Loads this language's search/index.json (built with the site by src/search/) and answers
 * queries in the page. The tokenizer below mirrors src/search/tokenize.rs rule for rule, and
 * search() mirrors Index::search in src/search/index.rs: the index and the query must cut
 * Chinese the same way, and the browser test (tests/search.rs) checks that they do.
 *
 * The page works without this script: the form sends ?q= to the same page, which then says
 * that search needs JavaScript and links to the section lists. Page text is only ever put
 * into the document as text (textContent, text nodes), never as HTML.
 */
(function () {
  'use strict';

  var FORMAT_VERSION = 1;
  var MAX_SHOWN = 50;
  /* A query is cut to its first MAX_QUERY_CHARS code points and each repeated piece is kept
     once, so a crafted ?q= link cannot freeze the tab (issue 14). */
  var MAX_QUERY_CHARS = 200;
  var OTHER = 0, CJK = 1, WORD = 2, JOINER = 3;

  // ---- Tokenizer (same rules as src/search/tokenize.rs) ----

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

  // ---- The index and the query (same algorithm as Index::search) ----

  function prepare(data) {
    if (!data || data.version !== FORMAT_VERSION || !Array.isArray(data.docs)) {
      throw new Error('unsupported search index');
    }
    var terms = new Map(Object.entries(data.terms || {}));
    var keys = Array.from(terms.keys()).sort();
    var docs = data.docs.map(function (d) {
      return { u: d.u, t: d.t, s: d.s, x: d.x, nt: normalize(d.t), nx: normalize(d.x) };
    });
    return { lang: data.lang, docs: docs, terms: terms, keys: keys };
  }

  function intersect(a, b) {
    var out = [];
    var i = 0;
    var j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) { i++; } else { j++; }
    }
    return out;
  }

  function postings(index, piece) {
    if (piece.prefix) {
      var token = piece.tokens[0];
      var lo = 0;
      var hi = index.keys.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (index.keys[mid] < token) { lo = mid + 1; } else { hi = mid; }
      }
      var set = new Set();
      for (var k = lo; k < index.keys.length && index.keys[k].startsWith(token); k++) {
        index.terms.get(index.keys[k]).forEach(function (id) { set.add(id); });
      }
      return [Array.from(set).sort(function (a, b) { return a - b; })];
    }
    return piece.tokens.map(function (t) { return index.terms.get(t) || []; });
  }

  /* The positions in index.docs of the pages matching q, best first. */
  function search(index, q) {
    var pieces = parseQuery(q);
    if (!pieces.length) { return []; }
    var candidates = null;
    pieces.forEach(function (p) {
      postings(index, p).forEach(function (list) {
        candidates = candidates === null ? list : intersect(candidates, list);
      });
    });
    var ranked = [];
    (candidates || []).forEach(function (id) {
      var doc = index.docs[id];
      if (!doc) { return; }
      var confirmed = pieces.every(function (p) {
        return !p.cjk || doc.nt.indexOf(p.needle) !== -1 || doc.nx.indexOf(p.needle) !== -1;
      });
      if (!confirmed) { return; }
      var inTitle = pieces.every(function (p) { return occurrences(doc.nt, p.needle, !p.cjk) > 0; });
      var hits = 0;
      pieces.forEach(function (p) { hits += Math.min(occurrences(doc.nx, p.needle, !p.cjk), 10); });
      ranked.push([inTitle ? 1 : 0, hits, id]);
    });
    ranked.sort(function (a, b) { return (b[0] - a[0]) || (b[1] - a[1]) || (a[2] - b[2]); });
    return ranked.map(function (r) { return r[2]; });
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
    MAX_QUERY_CHARS: MAX_QUERY_CHARS,
    occurrences: occurrences,
    prepare: prepare,
    searchIndex: search,
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
    var browse = document.getElementById('search-browse');
    if (!form || !input || !status || !list) { return; }
    var t = form.dataset;
    var index = null;
    var timer = null;

    function say(text) { status.textContent = text; }

    function show(q) {
      while (list.firstChild) { list.removeChild(list.firstChild); }
      var query = q.trim();
      if (!query || !parseQuery(query).length) {
        list.hidden = true;
        say(t.prompt);
        return;
      }
      var pieces = parseQuery(q);
      var found = search(index, q);
      found.slice(0, MAX_SHOWN).forEach(function (id) {
        var doc = index.docs[id];
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.className = 'search-result-title';
        a.href = doc.u;
        a.textContent = doc.t;
        li.appendChild(a);
        if (doc.s) {
          var section = document.createElement('p');
          section.className = 'search-result-section';
          section.textContent = doc.s;
          li.appendChild(section);
        }
        var snippet = document.createElement('p');
        snippet.className = 'search-result-snippet';
        snippetParts(doc, pieces, index.lang).forEach(function (part) {
          if (part.mark) {
            var mark = document.createElement('mark');
            mark.textContent = part.text;
            snippet.appendChild(mark);
          } else {
            snippet.appendChild(document.createTextNode(part.text));
          }
        });
        li.appendChild(snippet);
        list.appendChild(li);
      });
      list.hidden = found.length === 0;
      if (browse) { browse.hidden = found.length !== 0; }
      var message;
      if (found.length === 0) {
        message = format(t.none, { q: query });
      } else {
        message = format(found.length === 1 ? t.countOne : t.count, { n: found.length });
        if (found.length > MAX_SHOWN) { message += ' ' + format(t.shown, { shown: MAX_SHOWN }); }
      }
      say(message);
    }

    function remember(q) {
      var url = q ? '?q=' + encodeURIComponent(q) : window.location.pathname;
      window.history.replaceState(null, '', url);
    }

    var q = new URLSearchParams(window.location.search).get('q') || '';
    input.value = q;
    say(t.loading);
    api.ready = fetch(form.getAttribute('data-index'), { credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        return response.json();
      })
      .then(function (data) {
        index = prepare(data);
        api.index = index;
        api.search = function (query) {
          return search(index, query).map(function (id) { return index.docs[id].u; });
        };
        if (browse) { browse.hidden = true; }
        form.addEventListener('submit', function (event) {
          event.preventDefault();
          window.clearTimeout(timer);
          remember(input.value);
          show(input.value);
        });
        input.addEventListener('input', function () {
          window.clearTimeout(timer);
          timer = window.setTimeout(function () {
            remember(input.value);
            show(input.value);
          }, 150);
        });
        show(input.value);
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
