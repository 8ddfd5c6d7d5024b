/* Searching the catalog's prebuilt lunr index, shared by the Explore and Map pages, so that both
 * find exactly the same papers for a query. The index is built by generator/explore.py (its
 * docstring describes the two shards and their packed format) and loaded, with lunr.js, the first
 * time a page asks: loadHead(root) resolves when titles, authors and tags are searchable,
 * loadIndex(root) when abstracts are too. Both give a handle for search(handle, query).
 * It also keeps a page's view in the URL (readState, queryString, writeState), with the same
 * parameter names on both pages, so a view moves between them.
 * onEveryPage(selector, stateKey, setup) runs a page's own script on each page view, and
 * afterPaint(then) once the page as it came is on screen.
 * rank(handle, query, enough, order) is the header box's ordering (docs/assets/header-search.js):
 * every word first, then some of them, with a typo corrected.
 * Exposes window.catalogSearch = { fold, loadHead, loadIndex, fetchJSON, search, rank, readState,
 * queryString, writeState, onEveryPage, afterPaint }.
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
  var SLICE_MS = 30; // the longest the page works before it lets the browser paint and answer input

  /* Resolves after the browser has had a chance to handle input and paint: the work of loading
   * an index is cut into slices, so that no task on the page is long (under 50 ms) and a reader
   * can type while abstracts load. */
  var waiting = [];
  var channel = null;
  function pause() {
    if (window.scheduler && typeof window.scheduler.yield === "function") return window.scheduler.yield();
    if (!channel) {
      channel = new MessageChannel();
      channel.port1.onmessage = function () { waiting.shift()(); };
    }
    return new Promise(function (resolve) {
      waiting.push(resolve);
      channel.port2.postMessage(null);
    });
  }

  /* Runs step(i) for i from 0 to n - 1, pausing first (the caller has just parsed a JSON file,
   * a task of its own) and whenever a slice has taken SLICE_MS. */
  function sliced(n, step) {
    var i = 0;
    function run() {
      var until = performance.now() + SLICE_MS;
      while (i < n) {
        step(i++);
        if ((i & 63) === 0 && performance.now() > until) return pause().then(run);
      }
      return Promise.resolve();
    }
    return pause().then(run);
  }

  /* A packed shard → a lunr.Index, as lunr's own Index.load would make it of lunr's serialization:
   * the inverted index is the vectors transposed, and each score is computed as lunr's builder
   * computes it (BM25 from the term frequencies). Done in slices (see pause), with typed arrays:
   * the vectors are views of one Float64Array per field, and a term's postings (ref → metadata)
   * are made from a compact transposed table the first time a query reads them. */
  function unpack(packed) {
    var lunr = window.lunr;
    var fields = packed.fields;
    var n = packed.vectors[0].length;
    var k1 = packed.k1;
    var b = packed.b;
    var terms = packed.terms;
    var T = terms.length;
    var F = fields.length;
    var df = new Float64Array(T);
    var perField = fields.map(function () { return new Int32Array(T); }); // documents with the term, per field
    var lengths = fields.map(function () { return new Float64Array(n); });
    var pairs = new Float64Array(F); // (term, score) pairs in each field's vectors
    // First pass: documents with each term (over the fields) and each field's length.
    return sliced(F * n, function (j) {
      var f = (j / n) | 0;
      var ref = j - f * n;
      var elements = packed.vectors[f][ref];
      var count = perField[f];
      var length = 0;
      var term = -1;
      for (var i = 0; i < elements.length; i++) {
        var v = elements[i];
        if (v < 0) { term -= v; length += elements[++i]; } else { term += v; length += 1; }
        df[term] += 1;
        count[term] += 1;
        pairs[f] += 1;
      }
      lengths[f][ref] = length;
    }).then(function () {
      var idf = new Float64Array(T);
      for (var t = 0; t < T; t++) idf[t] = Math.log(1 + Math.abs((n - df[t] + 0.5) / (df[t] + 0.5)));
      var average = lengths.map(function (ls) {
        var sum = 0;
        for (var d = 0; d < n; d++) sum += ls[d];
        return sum / n;
      });
      // starts[f][t]..starts[f][t + 1]: where refs[f] lists the documents with term t in field f.
      var starts = perField.map(function (count) {
        var start = new Int32Array(T + 1);
        for (var t = 0; t < T; t++) start[t + 1] = start[t] + count[t];
        return start;
      });
      var fill = starts.map(function (start) { return start.slice(0, T); });
      var refs = starts.map(function (start) { return new Int32Array(start[T]); });
      var scores = fields.map(function (field, f) { return new Float64Array(2 * pairs[f]); });
      var fieldVectors = {};
      var at = fields.map(function () { return 0; });
      // Second pass: the field vectors, scored as lunr's builder scores them, and the postings.
      return sliced(F * n, function (j) {
        var f = (j / n) | 0;
        var ref = j - f * n;
        var elements = packed.vectors[f][ref];
        var norm = k1 * (1 - b + b * (lengths[f][ref] / average[f]));
        var boost = packed.boosts[f];
        var out = scores[f];
        var begin = at[f];
        var o = begin;
        var term = -1;
        for (var i = 0; i < elements.length; i++) {
          var v = elements[i];
          var tf = 1;
          if (v < 0) { term -= v; tf = elements[++i]; } else { term += v; }
          out[o++] = term;
          out[o++] = Math.round(idf[term] * ((k1 + 1) * tf) / (norm + tf) * boost * 1000) / 1000;
          refs[f][fill[f][term]++] = ref;
        }
        at[f] = o;
        fieldVectors[fields[f] + "/" + ref] = new lunr.Vector(out.subarray(begin, o));
      }).then(function () {
        return load(packed, fieldVectors, postingsOf(fields, starts, refs));
      });
    });
  }

  /* Posting(t)[field]: ref → metadata for the documents with term t in that field, made when
   * first read (a query reads the postings of the few terms it matches). */
  function postingsOf(fields, starts, refs) {
    function Posting(t) { this._index = t; }
    fields.forEach(function (field, f) {
      Object.defineProperty(Posting.prototype, field, {
        get: function () {
          var key = "_" + f;
          if (!this[key]) {
            var docs = {};
            for (var i = starts[f][this._index]; i < starts[f][this._index + 1]; i++) docs[refs[f][i]] = NO_METADATA;
            this[key] = docs;
          }
          return this[key];
        }
      });
    });
    return Posting;
  }

  /* lunr.Index.load's work (the terms into a token set, in their sorted order), in slices. */
  function load(packed, fieldVectors, Posting) {
    var lunr = window.lunr;
    var terms = packed.terms;
    var invertedIndex = Object.create(null);
    var builder = new lunr.TokenSet.Builder();
    return sliced(terms.length, function (t) {
      builder.insert(terms[t]);
      invertedIndex[terms[t]] = new Posting(t);
    }).then(function () {
      builder.finish();
      return new lunr.Index({
        fields: packed.fields,
        fieldVectors: fieldVectors,
        invertedIndex: invertedIndex,
        tokenSet: builder.root,
        pipeline: lunr.Pipeline.load(packed.pipeline)
      });
    });
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
          return unpack(packed).then(function (index) {
            return {
              index: index,
              // The page may name the body shard (Explore does); else the head names it (for the Map).
              bodyUrl: root.dataset.body ? new URL(root.dataset.body, base).href : packed.body ? new URL(packed.body, headUrl).href : null
            };
          });
        });
      head.catch(function () { head = null; });
    }
    return head.then(function (h) { return { shards: [h.index], complete: !h.bodyUrl, bodyUrl: h.bodyUrl }; });
  }

  function loadIndex(root) {
    if (!full) {
      full = loadHead(root).then(function (handle) {
        if (handle.complete) return handle;
        return fetchJSON(handle.bodyUrl).then(unpack).then(function (index) {
          return { shards: handle.shards.concat([index]), complete: true };
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

  /* Runs then() once the page as it came has loaded and the browser has painted it: what a page
   * fetches to become interactive (megabytes on a large catalog) then does not hold it back. */
  function afterPaint(then) {
    function painted() { window.requestAnimationFrame(function () { window.setTimeout(then, 0); }); }
    if (document.readyState === "complete") painted();
    else window.addEventListener("load", painted, { once: true });
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
    readState: readState, queryString: queryString, writeState: writeState, onEveryPage: onEveryPage,
    afterPaint: afterPaint
  };
})();
