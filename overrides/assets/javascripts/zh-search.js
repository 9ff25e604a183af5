/* Exact Chinese search for the site, static files only.
 *
 * The index (written by generator/search.py at build time, under search/) records where each
 * character and each pair of adjacent characters occurs in every page's text. A query is
 * normalised as the text was (no whitespace or zero-width characters, NFKC, lower case), cut
 * into pairs that cover it, and a page matches where all its pairs line up: the pages listed
 * are exactly the pages whose text contains the query. Several space-separated terms must all
 * be found. A query typed in Traditional script also finds its Simplified form.
 *
 * The shards a query needs are fetched block by block (reports first), so the first answers
 * come before the whole collection is searched; the text of a result is fetched only when it
 * is shown. The box is Material's own markup and styles (overrides/partials/search.html).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var ROOT = new URL("../../", script.src);
  var INDEX = new URL("search/", ROOT);
  var ZERO_WIDTH = new Set(Array.from("\u200b\u200c\u200d\u2060\u00ad\ufeff\x1c\x1d\x1e\x1f\x85"));
  var PAGE_SIZE = 10;
  var SNIPPETS = 3;

  /* ---------- text as the index stores it (the same rules as generator/search.py) ---------- */

  function normChar(c) {
    if (ZERO_WIDTH.has(c) || /\s/.test(c)) return "";
    var n = c.normalize("NFKC");
    if (Array.from(n).length !== 1) n = c;
    var low = n.toLowerCase();
    return Array.from(low).length === 1 ? low : n;
  }

  function normalize(s) {
    var out = "";
    for (var c of s) out += normChar(c);
    return out;
  }

  /* The normalised form of `text` and, for each of its characters, the index of the
     character (code unit) of `text` it came from. */
  function mapped(text) {
    var chars = [], where = [], i = 0;
    for (var c of text) {
      var n = normChar(c);
      if (n) { chars.push(n); where.push(i); }
      i += c.length;
    }
    where.push(text.length);
    return { chars: chars, where: where };
  }

  function fnv1a(key) {
    var bytes = new TextEncoder().encode(key), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  /* ---------- fetching, each file once ---------- */

  var files = new Map();
  function fetchOnce(path, kind) {
    if (!files.has(path)) {
      files.set(path, fetch(new URL(path, INDEX)).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return kind === "json" ? r.json() : r.arrayBuffer();
      }));
    }
    return files.get(path);
  }

  function reader(bytes, i) {
    return {
      i: i,
      next: function () {
        var n = 0, mul = 1, x;
        do { x = bytes[this.i++]; n += (x & 0x7f) * mul; mul *= 128; } while (x & 0x80);
        return n;
      }
    };
  }

  var decoded = new Map();
  function shard(block, number) {
    var path = block + "/" + number + ".bin";
    if (!decoded.has(path)) {
      decoded.set(path, fetchOnce(path, "bin").then(function (buf) {
        var bytes = new Uint8Array(buf), r = reader(bytes, 0), count = r.next(), heads = [];
        var text = new TextDecoder();
        for (var k = 0; k < count; k++) {
          var len = r.next(), key = text.decode(bytes.subarray(r.i, r.i + len));
          r.i += len;
          heads.push([key, r.next()]);
        }
        var keys = new Map(), at = r.i;
        heads.forEach(function (h) { keys.set(h[0], [at, h[1]]); at += h[1]; });
        return { bytes: bytes, keys: keys };
      }));
    }
    return decoded.get(path);
  }

  /* page -> sorted positions (pairs) or [first position] with its count (single characters) */
  function postings(sh, key, single) {
    var out = new Map(), span = sh.keys.get(key);
    if (!span) return out;
    var r = reader(sh.bytes, span[0]), end = span[0] + span[1], page = 0;
    while (r.i < end) {
      page += r.next();
      var count = r.next();
      if (single) { out.set(page, { count: count, positions: [r.next()] }); continue; }
      var positions = new Array(count), at = 0;
      for (var k = 0; k < count; k++) { at += r.next(); positions[k] = at; }
      out.set(page, { count: count, positions: positions });
    }
    return out;
  }

  /* ---------- matching ---------- */

  /* The pairs covering a term: at 0, 2, 4, … and the last pair. */
  function cover(chars) {
    if (chars.length === 1) return [[0, chars[0]]];
    var out = [];
    for (var k = 0; k + 2 <= chars.length; k += 2) out.push([k, chars[k] + chars[k + 1]]);
    if (out[out.length - 1][0] !== chars.length - 2) {
      out.push([chars.length - 2, chars[chars.length - 2] + chars[chars.length - 1]]);
    }
    return out;
  }

  /* page -> {count, positions} for one spelling of a term in one block */
  async function matchSpelling(meta, block, chars) {
    var parts = cover(chars);
    var lists = await Promise.all(parts.map(function (p) {
      return shard(block, fnv1a(p[1]) % meta.shards[block]).then(function (sh) {
        return postings(sh, p[1], chars.length === 1);
      });
    }));
    if (chars.length === 1) return lists[0];
    var order = lists.map(function (l, i) { return i; }).sort(function (a, b) { return lists[a].size - lists[b].size; });
    var first = order[0], out = new Map();
    lists[first].forEach(function (hit, page) {
      var starts = hit.positions.map(function (p) { return p - parts[first][0]; });
      for (var j = 1; j < order.length && starts.length; j++) {
        var other = lists[order[j]].get(page);
        if (!other) { starts = []; break; }
        var set = new Set(other.positions), shift = parts[order[j]][0];
        starts = starts.filter(function (s) { return set.has(s + shift); });
      }
      if (starts.length) out.set(page, { count: starts.length, positions: starts });
    });
    return out;
  }

  async function matchTerm(meta, block, term) {
    var found = await matchSpelling(meta, block, term.chars);
    if (!term.alt) return found;
    var other = await matchSpelling(meta, block, term.alt);
    other.forEach(function (hit, page) {
      var mine = found.get(page);
      if (!mine) { found.set(page, hit); return; }
      var all = Array.from(new Set(mine.positions.concat(hit.positions))).sort(function (a, b) { return a - b; });
      found.set(page, { count: mine.count + hit.count, positions: all });
    });
    return found;
  }

  function parseQuery(q, t2s) {
    var terms = [];
    q.split(/[\s\u3000]+/).forEach(function (raw) {
      var chars = Array.from(normalize(raw));
      if (!chars.length) return;
      var alt = chars.map(function (c) { return t2s[c] || c; });
      terms.push({ text: raw, chars: chars, alt: alt.join("") === chars.join("") ? null : alt });
    });
    return terms;
  }

  function hotHits(row, positions) {
    var hot = row[7];
    for (var i = 0; i < positions.length; i++) {
      for (var k = 0; k < hot.length; k += 2) {
        if (positions[i] >= hot[k] && positions[i] < hot[k + 1]) return true;
      }
    }
    return false;
  }

  /* ---------- the box ---------- */

  var ui = {}, meta = null, t2s = null, state = { token: 0, results: [], shown: PAGE_SIZE, done: false, q: "" };
  var filters = { region: "", level: "", year: "" };

  function label(key, fields) {
    var s = (meta && meta.labels && meta.labels[key]) || "";
    return s.replace(/\{(\w+)\}/g, function (_, k) { return fields && k in fields ? fields[k] : ""; });
  }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }

  function load() {
    return Promise.all([fetchOnce("meta.json", "json"), fetchOnce("t2s.json", "json")]).then(function (v) {
      meta = v[0]; t2s = v[1];
      return meta;
    });
  }

  function open() {
    load().then(function () { if (!state.q.trim()) render(); }).catch(function () {});
    ui.toggle.checked = true;
    ui.toggle.dispatchEvent(new Event("change"));
    ui.input.focus();
  }

  function close() {
    ui.toggle.checked = false;
    ui.toggle.dispatchEvent(new Event("change"));
    ui.input.blur();
  }

  function keepInUrl(q) {
    var url = new URL(location.href);
    ["q", "region", "level", "year"].forEach(function (k) { url.searchParams.delete(k); });
    if (q) {
      url.searchParams.set("q", q);
      Object.keys(filters).forEach(function (k) { if (filters[k]) url.searchParams.set(k, filters[k]); });
    }
    history.replaceState(history.state, "", url);
  }

  async function search(q) {
    var token = ++state.token;
    state.q = q;
    state.results = [];
    state.shown = PAGE_SIZE;
    state.done = false;
    ui.meta.removeAttribute("data-query");  // set again when this search is complete
    ui.meta.removeAttribute("data-count");
    keepInUrl(q.trim());
    if (!q.trim()) { render(); return; }
    try {
      await load();
    } catch (e) {
      ui.meta.textContent = label("error") || String(e);
      return;
    }
    if (token !== state.token) return;
    var terms = parseQuery(q, t2s);
    if (!terms.length) { render(); return; }
    ui.meta.textContent = label("searching");
    var first = 0;
    for (var b = 0; b < meta.blocks.length; b++) {
      var rows = [], hits;
      try {
        hits = await Promise.all(terms.map(function (t) { return matchTerm(meta, b, t); }));
        // The block's page list only when something in it matched.
        if (hits[0].size) rows = await fetchOnce("pages-" + b + ".json", "json");
      } catch (e) {
        ui.meta.textContent = label("error");
        return;
      }
      if (token !== state.token) return;
      hits[0].forEach(function (hit, page) {
        var per = hits.map(function (h) { return h.get(page); });
        if (per.some(function (x) { return !x; })) return;
        var row = rows[page];
        var count = per.reduce(function (n, x) { return n + x.count; }, 0);
        var positions = per.map(function (x) { return x.positions; });
        state.results.push({
          page: first + page, row: row, count: count, positions: positions,
          hot: hotHits(row, [].concat.apply([], positions))
        });
      });
      first += meta.blocks[b];
      state.done = b === meta.blocks.length - 1;
      rank();
      render();
    }
  }

  function rank() {
    state.results.sort(function (a, b) {
      return (a.row[2] !== "report") - (b.row[2] !== "report") || (b.hot - a.hot) ||
        (b.count - a.count) || (a.page - b.page);
    });
  }

  function visible() {
    return state.results.filter(function (r) {
      if (filters.region && r.row[3].indexOf(filters.region) < 0) return false;
      if (filters.level && r.row[4] !== filters.level) return false;
      if (filters.year && String(r.row[5]) !== filters.year) return false;
      return true;
    });
  }

  function filterBox(name, values, names) {
    if (values.length < 2 && !filters[name]) return null;
    var select = el("select", { "class": "zh-search-filter", "aria-label": label(name), "data-filter": name });
    select.appendChild(el("option", { value: "", text: label(name) + "：" + label("all") }));
    values.forEach(function (v) {
      var o = el("option", { value: String(v[0]), text: (names && names[v[0]] || v[0]) + "（" + v[1] + "）" });
      if (String(v[0]) === filters[name]) o.selected = true;
      select.appendChild(o);
    });
    select.addEventListener("change", function () {
      filters[name] = select.value;
      state.shown = PAGE_SIZE;
      keepInUrl(state.q.trim());
      render();
    });
    return select;
  }

  function tally(pick) {
    var counts = new Map();
    state.results.forEach(function (r) {
      [].concat(pick(r)).forEach(function (v) { if (v) counts.set(v, (counts.get(v) || 0) + 1); });
    });
    return Array.from(counts.entries()).sort(function (a, b) { return b[1] - a[1] || (a[0] > b[0] ? 1 : -1); });
  }

  function render() {
    var q = state.q.trim();
    ui.list.textContent = "";
    ui.filters.textContent = "";
    if (!q) { ui.meta.textContent = label("initial"); return; }
    var shown = visible();
    var n = shown.length;
    ui.meta.textContent = !state.done ? label("partial", { n: n, q: q }) :
      n === 0 ? label("none", { q: q }) : n === 1 ? label("one", { q: q }) : label("other", { n: n, q: q });
    ui.meta.setAttribute("data-count", state.done ? String(n) : "");
    ui.meta.setAttribute("data-query", state.done ? q : "");
    [filterBox("region", tally(function (r) { return r.row[3]; })),
     filterBox("level", tally(function (r) { return r.row[4]; }), meta.level_names),
     filterBox("year", tally(function (r) { return r.row[5] ? String(r.row[5]) : ""; }))]
      .forEach(function (s) { if (s) ui.filters.appendChild(s); });
    listed(shown, parseQuery(q, t2s || {}));
  }

  /* The first state.shown results, then 显示更多结果 while there are more: pressing it adds the
     next ones above it, below those already listed (the list is not made again, and the
     button keeps the focus). */
  function listed(shown, terms) {
    var row = null;
    function add(from) {
      shown.slice(from, state.shown).forEach(function (r) { ui.list.insertBefore(item(r, terms), row); });
      if (row && shown.length <= state.shown) row.remove();
    }
    if (shown.length > state.shown) {
      var more = el("button", { type: "button", "class": "zh-search-more md-button", text: label("more") });
      row = ui.list.appendChild(el("li", { "class": "md-search-result__item" }, [more]));
      more.addEventListener("click", function () {
        var at = state.shown;
        state.shown += PAGE_SIZE;
        add(at);
      });
    }
    add(0);
  }

  function link(row, anchor) {
    var url = new URL(row[0], ROOT);
    url.searchParams.set("h", state.q.trim());
    if (anchor) url.hash = anchor;
    return url.href;
  }

  function item(r, terms) {
    var row = r.row;
    var facts = [row[3][row[3].length - 1], row[5] ? row[5] + "年" : "", label("hits", { n: r.count })]
      .filter(Boolean).join(" · ");
    var li = el("li", { "class": "md-search-result__item" }, [
      el("a", { href: link(row, ""), "class": "md-search-result__link", tabindex: "-1", "data-page": row[0] }, [
        el("article", { "class": "md-search-result__article md-search-result__article--document md-typeset" }, [
          el("div", { "class": "md-search-result__icon md-icon" }),
          el("h1", {}, [highlight(row[1], terms)]),
          el("p", { "class": "zh-search-facts", text: facts })
        ])
      ])
    ]);
    snippets(r, terms).then(function (parts) {
      parts.forEach(function (p) {
        li.appendChild(el("a", { href: link(row, p.anchor), "class": "md-search-result__link", tabindex: "-1" }, [
          el("article", { "class": "md-search-result__article md-typeset" }, [el("p", {}, [p.node])])
        ]));
      });
    });
    return li;
  }

  /* [start, end) of every occurrence of the terms (either spelling) in normalised characters. */
  function occurrences(chars, terms) {
    var found = [];
    terms.forEach(function (t) {
      [t.chars, t.alt].forEach(function (needle) {
        if (!needle) return;
        for (var i = 0; i + needle.length <= chars.length; i++) {
          var ok = true;
          for (var j = 0; j < needle.length && ok; j++) ok = chars[i + j] === needle[j];
          if (ok) found.push([i, i + needle.length]);
        }
      });
    });
    return found;
  }

  /* A fragment of `text` with every occurrence of the terms marked. */
  function highlight(text, terms, from, to) {
    var m = mapped(text), frag = document.createDocumentFragment(), marks = occurrences(m.chars, terms);
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var start = from === undefined ? 0 : from, end = to === undefined ? text.length : to, pos = start;
    marks.forEach(function (mk) {
      var a = m.where[mk[0]], b = m.where[mk[1] - 1] + (text.codePointAt(m.where[mk[1] - 1]) > 0xffff ? 2 : 1);
      if (a < pos || b > end) return;
      frag.appendChild(document.createTextNode(text.slice(pos, a)));
      frag.appendChild(el("mark", { text: text.slice(a, b) }));
      pos = b;
    });
    frag.appendChild(document.createTextNode(text.slice(pos, end)));
    return frag;
  }

  function chunkOf(row, position) {
    var starts = row[6], k = 0;
    while (k + 1 < starts.length && starts[k + 1] <= position) k++;
    return k;
  }

  async function snippets(r, terms) {
    var out = [], seen = new Set();
    var positions = r.positions[0];
    for (var i = 0; i < positions.length && out.length < SNIPPETS; i++) {
      var k = chunkOf(r.row, positions[i]);
      var pieces = await fetchOnce("text/" + r.page + "-" + k + ".json", "json").catch(function () { return []; });
      var piece = null;
      for (var j = 0; j < pieces.length; j++) if (pieces[j][0] <= positions[i]) piece = pieces[j];
      if (!piece || seen.has(piece) || seen.has(piece[2])) continue;
      seen.add(piece);
      seen.add(piece[2]);  // the same sentence quoted twice on a page is shown once
      out.push({ anchor: piece[1], node: excerpt(piece[2], positions[i] - piece[0], terms) });
    }
    return out;
  }

  /* About 40 characters before the match and 80 after, with the terms marked. */
  function excerpt(text, at, terms) {
    var m = mapped(text);
    var centre = m.where[Math.min(at, m.where.length - 1)];
    var from = Math.max(0, centre - 40), to = Math.min(text.length, centre + 80);
    if (from > 0 && /[\udc00-\udfff]/.test(text[from])) from--;
    if (to < text.length && /[\udc00-\udfff]/.test(text[to])) to++;
    var frag = document.createDocumentFragment();
    if (from > 0) frag.appendChild(document.createTextNode("…"));
    frag.appendChild(highlight(text, terms, from, to));
    if (to < text.length) frag.appendChild(document.createTextNode("…"));
    return frag;
  }

  /* ---------- on the page a result leads to: mark what was searched ---------- */

  function markPage() {
    var q = new URL(location.href).searchParams.get("h");
    var article = document.querySelector("article.md-content__inner");
    if (!q || !article) return;
    load().then(function () {
      var terms = parseQuery(q, t2s);
      var blocks = article.querySelectorAll("p, li, h1, h2, h3, h4, h5, h6, td, th, dt, dd, caption, figcaption");
      blocks.forEach(function (block) {
        if (block.querySelector("p, li, td, th, dt, dd")) return;
        var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT, {
          acceptNode: function (n) {
            return n.parentElement.closest(".headerlink, svg, script, style") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
          }
        });
        var chars = [], where = [];
        while (walker.nextNode()) {
          var node = walker.currentNode, i = 0;
          for (var c of node.data) {
            var n = normChar(c);
            if (n) { chars.push(n); where.push([node, i, c.length]); }
            i += c.length;
          }
        }
        occurrences(chars, terms).sort(function (a, b) { return b[0] - a[0]; }).forEach(function (f) {
          // Mark text node by text node, from the end so that earlier offsets stay valid.
          for (var i = f[1] - 1; i >= f[0];) {
            var node = where[i][0], end = where[i][1] + where[i][2], start = where[i][1];
            while (i - 1 >= f[0] && where[i - 1][0] === node) { i--; start = where[i][1]; }
            var range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, end);
            var mark = document.createElement("mark");
            mark.className = "zh-search-mark";
            range.surroundContents(mark);
            i--;
          }
        });
      });
    }).catch(function () {});
  }

  /* ---------- wiring ---------- */

  function debounce(fn, ms) {
    var t;
    return function () { clearTimeout(t); t = setTimeout(fn, ms); };
  }

  function init() {
    ui.toggle = document.getElementById("__search");
    ui.root = document.querySelector(".zh-search");
    if (!ui.toggle || !ui.root) return;
    ui.input = ui.root.querySelector(".md-search__input");
    ui.meta = ui.root.querySelector(".md-search-result__meta");
    ui.list = ui.root.querySelector(".md-search-result__list");
    ui.filters = ui.root.querySelector(".zh-search-filters");
    var composing = false;
    var run = debounce(function () { if (ui.input.value.trim() !== state.q.trim()) search(ui.input.value); }, 120);
    ui.input.addEventListener("compositionstart", function () { composing = true; });
    ui.input.addEventListener("compositionend", function () { composing = false; run(); });
    ui.input.addEventListener("input", function (e) { if (!(e.isComposing || composing)) run(); });
    ui.input.addEventListener("keyup", function () { if (!composing) run(); });
    ui.input.addEventListener("focus", function () { if (!ui.toggle.checked) open(); });
    ui.root.querySelector("form").addEventListener("submit", function (e) {
      e.preventDefault();
      var firstLink = ui.list.querySelector("a");
      if (firstLink) location.href = firstLink.href;
    });
    ui.root.querySelector("button[type=reset]").addEventListener("click", function () {
      ui.input.value = "";
      search("");
      close();
    });
    document.addEventListener("keydown", function (e) {
      var t = e.target, typing = t && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName));
      if (e.key === "Escape" && ui.toggle.checked) { close(); return; }
      if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === "/" || e.key === "s" || e.key === "S") { e.preventDefault(); open(); }
    });
    ui.toggle.addEventListener("change", function () { if (!ui.toggle.checked) ui.input.blur(); });
    var params = new URL(location.href).searchParams;
    ["region", "level", "year"].forEach(function (k) { filters[k] = params.get(k) || ""; });
    if (params.get("q")) {
      ui.input.value = params.get("q");
      open();
      search(ui.input.value);
    } else {
      ui.meta.textContent = "";
    }
    markPage();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
