/* The Explore page: instant search over a lunr index built at build time, filters, sorting, and
 * the view kept in the URL. The rows are rendered (and escaped) by the generator; this script only
 * hides, shows and reorders them, so no text from papers.yaml ever passes through it as markup.
 * It loads lunr.js and the index (both next to the page) the first time the page is shown, and
 * does nothing on other pages. The index format is described in generator/explore.py.
 */
(function () {
  "use strict";

  var fold = function (text) { return window.catalogSearch.fold(text); };
  var search = function (index, query) { return window.catalogSearch.search(index, query); };
  var loadIndex = function (root) { return window.catalogSearch.loadIndex(root); };

  // Params in the URL, in this order. Not "q": Material opens its own search dialog for ?q=.
  var PARAMS = ["search", "theme", "tag", "year", "venue", "code", "sort"];

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var state = {};
    PARAMS.forEach(function (name) { state[name] = params.get(name) || ""; });
    return state;
  }

  function writeState(state) {
    var params = new URLSearchParams();
    PARAMS.forEach(function (name) { if (state[name]) params.set(name, state[name]); });
    var query = params.toString().replace(/%20/g, "+");
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(window.history.state, "", url);
    }
  }

  function setup(root) {
    var form = root.querySelector(".explore-controls");
    var list = root.querySelector(".explore-list");
    var count = root.querySelector(".explore-count");
    var input = form.elements.search;
    var sort = form.elements.sort;
    var best = sort.querySelector('option[value="relevance"]');
    var rows = Array.prototype.slice.call(list.children);
    var total = rows.length;
    var index = null;
    var explicitSort = "";

    function state() {
      return {
        search: input.value.trim() ? input.value : "",
        theme: form.elements.theme.value,
        tag: form.elements.tag.value,
        year: form.elements.year.value,
        venue: form.elements.venue.value,
        code: form.elements.code.checked ? "1" : "",
        sort: explicitSort
      };
    }

    function restore(s) {
      input.value = s.search;
      ["theme", "tag", "year", "venue"].forEach(function (name) {
        var select = form.elements[name];
        select.value = s[name];
        if (select.value !== s[name]) select.value = ""; // unknown value in the URL: ignore it
      });
      form.elements.code.checked = s.code === "1";
      explicitSort = ["relevance", "added", "year", "title"].indexOf(s.sort) >= 0 ? s.sort : "";
    }

    function has(row, name, value) {
      return !value || (" " + row.dataset[name] + " ").indexOf(" " + value + " ") >= 0;
    }

    function update() {
      var s = state();
      var searching = fold(s.search).length > 0;
      var scores = searching && index ? search(index, s.search) : null;
      var mode = explicitSort || (searching ? "relevance" : "added");
      if (mode === "relevance" && !scores) mode = "added";
      best.disabled = !searching;
      sort.value = mode;

      var shown = rows.filter(function (row) {
        var ok = (!scores || row.dataset.ref in scores) &&
          has(row, "themes", s.theme) && has(row, "tags", s.tag) &&
          (!s.year || row.dataset.year === s.year) && (!s.venue || row.dataset.venue === s.venue) &&
          (!s.code || row.dataset.code === "1");
        row.hidden = !ok;
        return ok;
      });
      var key = {
        relevance: function (row) { return -scores[row.dataset.ref]; },
        added: function () { return 0; },
        year: function (row) { return -(Number(row.dataset.year) || 0); },
        title: function (row) { return Number(row.dataset.title); }
      }[mode];
      // Shown rows in order, then the hidden ones (in their first order: keys exist only for shown rows).
      shown.slice().sort(function (a, b) {
        return key(a) - key(b) || Number(a.dataset.added) - Number(b.dataset.added);
      }).concat(rows.filter(function (row) { return row.hidden; })).forEach(function (row) {
        list.appendChild(row);
      });

      var filtered = searching || s.theme || s.tag || s.year || s.venue || s.code;
      var n = shown.length;
      var text = !filtered ? total + (total === 1 ? " paper" : " papers")
        : searching && !index ? "Loading the search index…"
        : n === 0 ? "No papers match"
        : n === 1 ? "1 paper matches" : n + " papers match";
      if (count.textContent !== text) count.textContent = text;
      writeState(s);
    }

    restore(readState());
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("input", function (event) {
      if (event.target === sort) explicitSort = sort.value;
      update();
    });
    form.addEventListener("change", function (event) {
      if (event.target === sort) explicitSort = sort.value;
      update();
    });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      restore({ search: "", theme: "", tag: "", year: "", venue: "", code: "", sort: "" });
      update();
      input.focus();
    });
    update();

    root.dataset.exploreState = "loading";
    loadIndex(root).then(function (loadedIndex) {
      if (!root.isConnected) return;
      index = loadedIndex;
      root.dataset.exploreState = "ready";
      update();
    }, function (error) {
      root.dataset.exploreState = "error";
      count.textContent = "Search is unavailable (" + error.message + "); the filters still work.";
    });
  }

  function init() {
    var root = document.querySelector("[data-explore]");
    if (root && !root.dataset.exploreState) setup(root);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
