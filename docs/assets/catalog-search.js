/* Searching the catalog's prebuilt lunr index, shared by the Explore and Map pages, so that both
 * find exactly the same papers for a query. The index is built by generator/explore.py (its
 * docstring describes the two shards and their packed format) and loaded, with lunr.js, the first
 * time a page asks: loadHead(root) resolves when titles, authors and tags are searchable,
 * loadIndex(root) when abstracts are too. Both give a handle for search(handle, query).
 * It also keeps a page's view in the URL (readState, queryString, writeState), with the same
 * parameter names on both pages, so a view moves between them.
 * onEveryPage(selector, stateKey, setup) runs a page's own script on each page view.
 * rank(handle, query, enough, order) is the header box's ordering (docs/assets/header-search.js):
 * every word first, then some of them, with a typo corrected.
 * Exposes window.catalogSearch = { fold, loadHead, loadIndex, fetchJSON, search, rank, readState,
 * queryString, writeState, onEveryPage }.
 */
(function () {
  "use strict";

  function fold(text) {
    var bare = text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
    return bare.match(/[\p{L}\p{N}]+/gu) || [];
  }

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      if (window.lunr) return resolve();
      var script = document.createElement("script");
      script.src = url;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("cannot load " + url)); };
      document.head.appendChild(script);
    });
  }

  function fetchJSON(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      return response.json();
    });
  }

  var NO_METADATA = Object.freeze({}); // lunr only reads a posting's metadata: one object serves all

  /* A packed shard → lunr's own serialization: the inverted index is the vectors transposed, and
   * each score is computed as lunr's builder computes it (BM25 from the term frequencies). */
  function unpack(packed) {
    var fields = packed.fields;
    var n = packed.vectors[0].length;
    var k1 = packed.k1;
    var b = packed.b;
    var postings = fields.map(function () { return []; }); // postings[f][term]: ref → metadata
    var inverted = packed.terms.map(function (term, i) {
      var posting = { _index: i };
      fields.forEach(function (field, f) { posting[field] = postings[f][i] = {}; });
      return [term, posting];
    });
    // First pass: documents with each term (over the fields) and each field's length.
    var df = new Float64Array(packed.terms.length);
    var lengths = packed.vectors.map(function (docs) {
      return docs.map(function (elements) {
        var length = 0;
        var term = -1;
        for (var i = 0; i < elements.length; i++) {
          var v = elements[i];
          if (v < 0) { term -= v; length += elements[++i]; } else { term += v; length += 1; }
          df[term] += 1;
        }
        return length;
      });
    });
    var idf = new Float64Array(df.length);
    for (var t = 0; t < df.length; t++) idf[t] = Math.log(1 + Math.abs((n - df[t] + 0.5) / (df[t] + 0.5)));
    // Second pass: the field vectors, scored as lunr's builder scores them, and the postings.
    var vectors = [];
    fields.forEach(function (field, f) {
      var boost = packed.boosts[f];
      var average = lengths[f].reduce(function (sum, length) { return sum + length; }, 0) / n;
      var posting = postings[f];
      packed.vectors[f].forEach(function (elements, ref) {
        var norm = k1 * (1 - b + b * (lengths[f][ref] / average));
        var out = [];
        var term = -1;
        for (var i = 0; i < elements.length; i++) {
          var v = elements[i];
          var tf = 1;
          if (v < 0) { term -= v; tf = elements[++i]; } else { term += v; }
          out.push(term, Math.round(idf[term] * ((k1 + 1) * tf) / (norm + tf) * boost * 1000) / 1000);
          posting[term][ref] = NO_METADATA;
        }
        vectors.push([field + "/" + ref, out]);
      });
    });
    return {
      version: packed.lunr, fields: fields, fieldVectors: vectors,
      invertedIndex: inverted, pipeline: packed.pipeline
    };
  }

  /* The head shard (titles, authors, tags), then the body shard (abstracts), each a lunr.Index;
   * shared by every page view. A search handle is { shards: [lunr.Index, ...], complete: bool }. */
  var head = null;
  var full = null;

  function loadHead(root) {
    if (!head) {
      var base = window.location.href;
      var headUrl = new URL(root.dataset.index, base).href;
      head = Promise.all([loadScript(new URL(root.dataset.lunr, base).href), fetchJSON(headUrl)])
        .then(function (results) {
          var packed = results[1];
          return {
            index: window.lunr.Index.load(unpack(packed)),
            // The page may name the body shard (Explore does); else the head names it (for the Map).
            bodyUrl: root.dataset.body ? new URL(root.dataset.body, base).href : packed.body ? new URL(packed.body, headUrl).href : null
          };
        });
      head.catch(function () { head = null; });
    }
    return head.then(function (h) { return { shards: [h.index], complete: !h.bodyUrl, bodyUrl: h.bodyUrl }; });
  }

  function loadIndex(root) {
    if (!full) {
      full = loadHead(root).then(function (handle) {
        if (handle.complete) return handle;
        return fetchJSON(handle.bodyUrl).then(function (packed) {
          return { shards: handle.shards.concat([window.lunr.Index.load(unpack(packed))]), complete: true };
        });
      });
      full.catch(function () { full = null; });
    }
    return full;
  }

  /* The words of a query that lunr searches: folded, stop words left out. */
  function queryWords(query) {
    var lunr = window.lunr;
    return fold(query).filter(function (word) { return lunr.stopWordFilter(new lunr.Token(word)); });
  }

  /* ref → score for the papers that match one word. The index holds whole words; a query word
   * matches itself (best), the words it begins, and the words that begin with its stem, so
   * "models" finds "model" and "modelling", and the list narrows as you type (it can grow by a
   * few papers as a word completes and its stem applies: "continua" → "continual", which also
   * finds "continuous"). A paper's score is the sum over the shards, as if they were one index. */
  function wordHits(handle, word) {
    var lunr = window.lunr;
    var trailing = lunr.Query.wildcard.TRAILING;
    var stem = lunr.stemmer(new lunr.Token(word)).toString();
    var found = {};
    handle.shards.forEach(function (index) {
      index.query(function (q) {
        q.term(word, { usePipeline: false, boost: 10 });
        q.term(word, { usePipeline: false, wildcard: trailing });
        if (stem !== word && stem.length >= 3) q.term(stem, { usePipeline: false, wildcard: trailing });
      }).forEach(function (hit) { found[hit.ref] = (found[hit.ref] || 0) + hit.score; });
    });
    return found;
  }

  /* ref → score for the papers that match every word of the query, or null for "no query". */
  function search(handle, query) {
    var scores = null;
    queryWords(query).forEach(function (word) {
      var found = wordHits(handle, word);
      var next = {};
      Object.keys(found).forEach(function (ref) {
        if (scores === null || ref in scores) next[ref] = (scores ? scores[ref] : 0) + found[ref];
      });
      scores = next;
    });
    return scores;
  }

  /* The indexed term closest to a word that matches nothing: one edit away (a letter missing,
   * extra, wrong or two swapped), the one in the most papers; null if there is none. */
  function closestTerm(handle, word) {
    var lunr = window.lunr;
    if (word.length < 4) return null;
    var best = null;
    var bestCount = 0;
    handle.shards.forEach(function (index) {
      index.tokenSet.intersect(lunr.TokenSet.fromFuzzyString(word, 1)).toArray().forEach(function (term) {
        var posting = index.invertedIndex[term];
        var count = 0;
        index.fields.forEach(function (field) { count += Object.keys(posting[field] || {}).length; });
        if (term !== word && (count > bestCount || (count === bestCount && best !== null && term < best))) {
          best = term;
          bestCount = count;
        }
      });
    });
    return best;
  }

  /* The papers for a query, best first: those that match every word (by score, as Explore sorts
   * them), then, if a query of several words has fewer than `enough` of those, the papers that
   * match some of its words (most words first). When a word matches nothing, the query is tried
   * with that word corrected, and `suggestion` says how. `order(ref)` breaks ties (Explore's
   * newest-first rank). Returns { refs: [...], partial: index of the first partial match or -1,
   * suggestion: corrected query or "" }. */
  function rank(handle, query, enough, order) {
    var words = queryWords(query);
    var hits = words.map(function (word) { return wordHits(handle, word); });
    var suggestion = "";
    var corrected = false;
    words.forEach(function (word, i) {
      if (Object.keys(hits[i]).length) return;
      var term = closestTerm(handle, word);
      if (term) {
        words[i] = term;
        hits[i] = wordHits(handle, term);
        corrected = true;
      }
    });
    if (corrected) suggestion = words.join(" ");
    var counts = {};
    var sums = {};
    hits.forEach(function (found) {
      Object.keys(found).forEach(function (ref) {
        counts[ref] = (counts[ref] || 0) + 1;
        sums[ref] = (sums[ref] || 0) + found[ref];
      });
    });
    var refs = Object.keys(sums);
    var all = refs.filter(function (ref) { return counts[ref] === words.length; });
    var byScore = function (a, b) { return sums[b] - sums[a] || order(a) - order(b); };
    all.sort(byScore);
    var partial = -1;
    if (words.length > 1 && all.length < enough) {
      var some = refs.filter(function (ref) { return counts[ref] < words.length; });
      some.sort(function (a, b) { return counts[b] - counts[a] || byScore(a, b); });
      if (some.length) partial = all.length;
      all = all.concat(some);
    }
    return { refs: all, partial: partial, suggestion: suggestion, words: words };
  }

  // --- The view in the URL: `names` lists a page's parameters, in the order they are written ---
  function readState(names) {
    var params = new URLSearchParams(window.location.search);
    var state = {};
    names.forEach(function (name) { state[name] = params.get(name) || ""; });
    return state;
  }

  function queryString(names, state) {
    var params = new URLSearchParams();
    names.forEach(function (name) { if (state[name]) params.set(name, state[name]); });
    var query = params.toString().replace(/%20/g, "+");
    return query ? "?" + query : "";
  }

  function writeState(names, state) {
    var url = window.location.pathname + queryString(names, state) + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(window.history.state, "", url);
    }
  }

  /* setup(root) for the element matching selector, once per page view: Material's instant
   * navigation swaps pages without running scripts again, so document$ announces each view.
   * root.dataset[stateKey], which setup sets, marks a page already set up. */
  function onEveryPage(selector, stateKey, setup) {
    function init() {
      var root = document.querySelector(selector);
      if (root && !root.dataset[stateKey]) setup(root);
    }
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(init);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", init);
    } else {
      init();
    }
  }

  window.catalogSearch = {
    fold: fold, loadHead: loadHead, loadIndex: loadIndex, fetchJSON: fetchJSON, search: search, rank: rank,
    readState: readState, queryString: queryString, writeState: writeState, onEveryPage: onEveryPage
  };
})();
