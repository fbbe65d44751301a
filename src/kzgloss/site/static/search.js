/* kzgloss site search: no server, no dependencies.
 *
 * The index (data/search-index.js, built by kzgloss.site.search) holds every term's lookup
 * keys, sorted. A query is folded with the rules of kzgloss.text (folded_key, loose_key,
 * skeleton_key; their character tables come with the index) and looked up three ways: the
 * whole key, keys that start with it (the user is still typing), and keys it starts with (an
 * inflected query: "қандастар" finds "қандас"). tests/test_site.py runs these functions in
 * node against the Python ones.
 */
(function (global, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    global.kzglossSearch = api;
    if (typeof document !== "undefined" && global.KZGLOSS_INDEX) {
      api.attach(document, global.KZGLOSS_INDEX, global.location);
    }
  }
}(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // Python's str.split() whitespace (JavaScript's \s differs: it has U+FEFF, lacks U+001C-U+001F, U+0085).
  var SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
  // Python's [\W_]+ on str: anything but letters and numbers.
  var NON_WORD = /[^\p{L}\p{N}]+/gu;
  var MARK = /\p{M}/u;
  var DOUBLES = /(.)\1+/gu;
  var CYRILLIC = /[\u0400-\u04ff]/;

  function mapChars(text, table) {
    var out = "";
    for (var ch of text) {
      var mapped = table[ch];
      out += mapped === undefined ? ch : mapped;
    }
    return out;
  }

  /* The key functions of kzgloss.text, over the tables in index.fold. */
  function makeFolder(tables) {
    var kazakh = new Set(Array.from(tables.kazakh));

    function casefold(text) {
      return mapChars(text.toLowerCase(), tables.casefold);
    }

    function exactKey(text) {
      text = text.normalize("NFC").replace(/İ/g, "i").replace(/I\u0307/g, "i");
      return casefold(text).split(SPACE).filter(Boolean).join(" ");
    }

    function stripMarks(text) {
      var kept = [];
      for (var ch of text.normalize("NFD")) {
        if (MARK.test(ch)) {
          // й keeps its breve (as kzgloss.text._strip_marks does); every other mark goes.
          if (ch === "\u0306" && kept.length && (kept[kept.length - 1] === "и" || kept[kept.length - 1] === "И")) {
            kept.push(ch);
          }
          continue;
        }
        kept.push(ch);
      }
      return kept.join("").normalize("NFC");
    }

    function foldedKey(text) {
      text = exactKey(text).replace(/ё/g, "е").replace(/ı/g, "i");
      var cyrillic = false;
      for (var ch of text) {
        if (kazakh.has(ch) || CYRILLIC.test(ch)) { cyrillic = true; break; }
      }
      if (cyrillic) {
        text = Array.from(text.normalize("NFC")).filter(function (c) { return !MARK.test(c); }).join("");
      } else {
        text = stripMarks(text);
      }
      return text.replace(NON_WORD, "");
    }

    function looseKey(text) {
      return mapChars(foldedKey(text), tables.kkToRu);
    }

    function skeletonKey(text) {
      text = stripMarks(mapChars(foldedKey(text), tables.cyrSkeleton));
      tables.latinDigraphs.forEach(function (pair) { text = text.split(pair[0]).join(pair[1]); });
      return mapChars(text, tables.latinSingle).replace(DOUBLES, "$1");
    }

    return { exactKey: exactKey, foldedKey: foldedKey, looseKey: looseKey, skeletonKey: skeletonKey };
  }

  // Mirrors kzgloss.keys.KIND_WEIGHT and kzgloss.lookup.STATUS_RANK.
  var KIND_WEIGHT = { folded: 0.98, translit: 0.96, inflected: 0.95, loose: 0.93, skeleton: 0.88 };
  var STATUS_RANK = { preferred: 0, admitted: 1, proposed: 2, superseded: 3, deprecated: 4, forbidden: 5 };
  var PREFIX_SCAN = 4000;  // keys read per prefix; a one-letter query must stay fast
  var MIN_STEM = 4;        // shortest stored key that may match the start of a longer query

  function lowerBound(keys, key) {
    var lo = 0, hi = keys.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (keys[mid] < key) { lo = mid + 1; } else { hi = mid; }
    }
    return lo;
  }

  /* Concepts for a query, best first: [{concept, term, score}] (indexes into the index). */
  function search(index, folder, query, limit) {
    limit = limit || 20;
    var variants = [[folder.foldedKey(query), 100], [folder.looseKey(query), 96], [folder.skeletonKey(query), 90]];
    var best = new Map();
    var keys = index.keys;

    function hit(position, score) {
      index.postings[position].forEach(function (code) {
        var term = code >> 3;
        var value = score * KIND_WEIGHT[index.kinds[code & 7]];
        var concept = index.terms[term][0];
        var rank = STATUS_RANK[index.terms[term][3]];
        var old = best.get(concept);
        if (!old || value > old.score || (value === old.score && rank < old.rank)) {
          best.set(concept, { concept: concept, term: term, score: value, rank: rank });
        }
      });
    }

    variants.forEach(function (variant) {
      var key = variant[0], base = variant[1];
      if (!key) { return; }
      var i = lowerBound(keys, key);
      if (keys[i] === key) { hit(i, base); i += 1; }
      if (key.length >= 2) {
        for (var n = 0; i < keys.length && n < PREFIX_SCAN && keys[i].startsWith(key); i++, n++) {
          hit(i, base * (0.6 + 0.3 * key.length / keys[i].length));
        }
      }
      for (var len = key.length - 1; len >= MIN_STEM; len--) {
        var stem = key.slice(0, len);
        var j = lowerBound(keys, stem);
        if (keys[j] === stem) { hit(j, base * (0.5 + 0.35 * len / key.length)); }
      }
    });
    return Array.from(best.values()).sort(function (a, b) {
      if (b.score !== a.score) { return b.score - a.score; }
      if (a.rank !== b.rank) { return a.rank - b.rank; }
      var la = index.concepts[a.concept][1], lb = index.concepts[b.concept][1];
      return la < lb ? -1 : la > lb ? 1 : a.concept - b.concept;
    }).slice(0, limit);
  }

  /* --- the page ------------------------------------------------------------------------- */

  function el(doc, tag, text, attrs) {
    var node = doc.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    return node;
  }

  function runAttrs(lang, extra) {
    var attrs = extra || {};
    attrs.lang = lang === "kk-Cyrl" ? "kk" : lang;  // as kzgloss.site.pages.html_lang
    if (/-Arab$/.test(lang)) { attrs.dir = "rtl"; }
    return attrs;
  }

  function badge(doc, labels, status) {
    return el(doc, "span", labels.status[status] || status, { "class": "badge badge-" + status });
  }

  function render(doc, box, index, labels, query, results) {
    box.textContent = "";
    if (!query.trim()) { return; }
    box.appendChild(el(doc, "h2", (results.length ? labels.results : labels.none).replace("{query}", query.trim())));
    if (!results.length) { return; }
    var list = el(doc, "ol", null, { "class": "result-list" });
    results.forEach(function (r) {
      var concept = index.concepts[r.concept];
      var term = index.terms[r.term];
      var item = el(doc, "li");
      item.appendChild(el(doc, "a", concept[1], runAttrs(concept[2], { href: concept[0], "class": "result-title" })));
      var pref = el(doc, "span", null, { "class": "pref" });
      concept[3].forEach(function (t, n) {
        if (n) { pref.appendChild(doc.createTextNode(" · ")); }
        pref.appendChild(el(doc, "span", index.terms[t][1], runAttrs(index.terms[t][2])));
      });
      item.appendChild(pref);
      if (term[1] !== concept[1] || term[3] !== "preferred") {
        var matched = el(doc, "span", null, { "class": "matched" });
        matched.appendChild(doc.createTextNode(labels.matched + ": "));
        matched.appendChild(el(doc, "span", term[1], runAttrs(term[2])));
        matched.appendChild(doc.createTextNode(" · " + (labels.lang[term[2]] || term[2]) + " "));
        matched.appendChild(badge(doc, labels, term[3]));
        item.appendChild(matched);
      }
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  function attach(doc, index, location) {
    var form = doc.getElementById("search");
    var input = doc.getElementById("q");
    var box = doc.getElementById("results");
    var labelNode = doc.getElementById("search-labels");
    if (!form || !input || !box || !labelNode) { return; }
    var labels = JSON.parse(labelNode.textContent);
    var folder = makeFolder(index.fold);
    var timer = null;

    function run() {
      var query = input.value;
      render(doc, box, index, labels, query, query.trim() ? search(index, folder, query) : []);
      if (hasHistory()) {
        var url = query.trim() ? "?q=" + encodeURIComponent(query) : location.pathname;
        try { history.replaceState(null, "", url); } catch (e) { /* file:// in some browsers */ }
      }
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 60);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      run();
    });
    var params = new URLSearchParams(location ? location.search : "");
    if (params.get("q")) {
      input.value = params.get("q");
      run();
    }
  }

  function hasHistory() {
    return typeof history !== "undefined" && typeof history.replaceState === "function";
  }

  return { makeFolder: makeFolder, search: search, attach: attach };
}));
