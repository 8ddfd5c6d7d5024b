/* Searching the catalog's prebuilt lunr index, shared by the Explore and Map pages, so that both
 * find exactly the same papers for a query. The index is built by generator/explore.py (its
 * docstring describes the packed format) and loaded, with lunr.js, the first time a page asks.
 * Exposes window.catalogSearch = { fold, loadIndex, search }.
 */
(function () {
  "use strict";

  var loaded = null; // Promise of the lunr.Index, shared by every page view

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

  // The packed index → lunr's own serialization (the inverted index is the vectors transposed).
  function unpack(packed) {
    var inverted = packed.terms.map(function (term, i) {
      var posting = { _index: i };
      packed.fields.forEach(function (field) { posting[field] = {}; });
      return [term, posting];
    });
    var vectors = [];
    packed.fields.forEach(function (field, f) {
      packed.vectors[f].forEach(function (elements, doc) {
        var out = [];
        var term = 0;
        for (var i = 0; i < elements.length; i += 2) {
          term += elements[i];
          out.push(term, elements[i + 1]);
          inverted[term][1][field][String(doc)] = {};
        }
        vectors.push([field + "/" + doc, out]);
      });
    });
    return {
      version: packed.lunr, fields: packed.fields, fieldVectors: vectors,
      invertedIndex: inverted, pipeline: packed.pipeline
    };
  }

  function loadIndex(root) {
    if (!loaded) {
      var base = window.location.href;
      var indexUrl = new URL(root.dataset.index, base).href;
      loaded = Promise.all([
        loadScript(new URL(root.dataset.lunr, base).href),
        fetch(indexUrl).then(function (response) {
          if (!response.ok) throw new Error(indexUrl + ": HTTP " + response.status);
          return response.json();
        })
      ]).then(function (results) { return window.lunr.Index.load(unpack(results[1])); });
      loaded.catch(function () { loaded = null; });
    }
    return loaded;
  }

  /* ref → score for the papers that match every word of the query, or null for "no query".
   * The index holds whole words; a query word matches itself (best), the words it begins, and the
   * words that begin with its stem, so "models" finds "model" and "modelling", and the list
   * narrows as you type (it can grow by a few papers as a word completes and its stem applies:
   * "continua" → "continual", which also finds "continuous"). Stop words are skipped. */
  function search(index, query) {
    var lunr = window.lunr;
    var trailing = lunr.Query.wildcard.TRAILING;
    var words = fold(query);
    var scores = null;
    words.forEach(function (word) {
      if (!lunr.stopWordFilter(new lunr.Token(word))) return;
      var stem = lunr.stemmer(new lunr.Token(word)).toString();
      var hits = index.query(function (q) {
        q.term(word, { usePipeline: false, boost: 10 });
        q.term(word, { usePipeline: false, wildcard: trailing });
        if (stem !== word && stem.length >= 3) q.term(stem, { usePipeline: false, wildcard: trailing });
      });
      var next = {};
      hits.forEach(function (hit) {
        if (scores === null || hit.ref in scores) next[hit.ref] = (scores ? scores[hit.ref] : 0) + hit.score;
      });
      scores = next;
    });
    return scores;
  }

  window.catalogSearch = { fold: fold, loadIndex: loadIndex, search: search };
})();
