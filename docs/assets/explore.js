/* The Explore page: instant search over a lunr index built at build time, filters, sorting, and
 * the view kept in the URL. The page holds the newest rows (for readers without JavaScript); this
 * script lists the matching papers from explore/rows.json instead, PAGE rows at a time ("Show
 * more"), so that the page stays small whatever the catalog's size. Text from papers.yaml goes
 * into the DOM as text, except titles and teasers, which the generator ships as HTML it escaped
 * (generator/explore.py, mathtext.to_html: they may hold MathML).
 * Order of loading: lunr.js, the head shard of the index (titles, authors, tags) and the rows,
 * then the first answer; then the body shard (abstracts) and the teasers, and the answer again.
 * It does nothing on other pages. The index format is described in generator/explore.py.
 */
(function () {
  "use strict";

  var fold = function (text) { return window.catalogSearch.fold(text); };
  var search = function (handle, query) { return window.catalogSearch.search(handle, query); };
  var cs = function () { return window.catalogSearch; };
  var rowsData = null; // Promise of explore/rows.json, shared by every page view
  var teasersData = null;

  function loadOnce(cache, url) {
    return cache || cs().fetchJSON(url);
  }

  // Params in the URL, in this order. Not "q": Material opens its own search dialog for ?q=.
  var PARAMS = ["search", "theme", "tag", "year", "venue", "code", "sort"];

  function readState() { return cs().readState(PARAMS); }
  function writeState(state) { cs().writeState(PARAMS, state); }

  function setup(root) {
    var form = root.querySelector(".explore-controls");
    var list = root.querySelector(".explore-list");
    var count = root.querySelector(".explore-count");
    var more = root.querySelector(".explore-more");
    var input = form.elements.search;
    var sort = form.elements.sort;
    var best = sort.querySelector('option[value="relevance"]');
    var page = Number(root.dataset.page) || 100;
    var base = window.location.href;
    var data = null; // rows.json: { tags, themes, papers }
    var teasers = null; // teaser HTML by ref
    var handle = null; // the search handle: the head shard, then both
    var elements = {}; // ref → its row, built when first shown
    // The rows the page came with (teasers included): shown as they are, so the list does not jump.
    var served = {};
    Array.prototype.forEach.call(list.children, function (li) { served[li.dataset.ref] = li; });
    var limit = page;
    var explicitSort = "";
    var last = "";

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

    function el(tag, className, text) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      if (text) node.textContent = text;
      return node;
    }

    // One row, the same markup as the generator's (explore.md.j2).
    function row(ref) {
      if (elements[ref]) return elements[ref];
      if (served[ref]) return (elements[ref] = served[ref]);
      var p = data.papers[ref]; // [href, title, authors, year, venue, code, new, tags, themes, added, title rank]
      var li = el("li", "explore-row");
      li.dataset.ref = String(ref);
      var title = li.appendChild(el("h2", "explore-row__title"));
      var link = title.appendChild(el("a"));
      link.href = p[0];
      link.innerHTML = p[1]; // escaped by the generator
      if (p[6]) {
        title.appendChild(document.createTextNode(" "));
        title.appendChild(el("span", "catalog-new", "new")).title = p[6];
      }
      var meta = li.appendChild(el("p", "explore-row__meta", [p[2], p[3] ? String(p[3]) : "", p[4]].filter(Boolean).join(" · ")));
      if (p[5]) {
        meta.appendChild(document.createTextNode(" "));
        meta.appendChild(el("a", "catalog-link", "Code")).href = p[5];
      }
      if (teasers && teasers[ref]) li.appendChild(el("p", "explore-row__teaser")).innerHTML = teasers[ref]; // escaped by the generator; "" without an abstract
      if (p[7].length) {
        var tags = li.appendChild(el("p", "explore-row__tags"));
        p[7].forEach(function (t, i) {
          if (i) tags.appendChild(document.createTextNode(" "));
          tags.appendChild(el("a", "catalog-tag", data.tags[t][1])).href = data.tags[t][2];
        });
      }
      elements[ref] = li;
      return li;
    }

    function update(keepLimit) {
      var s = state();
      var searching = fold(s.search).length > 0;
      var scores = searching && handle ? search(handle, s.search) : null;
      var mode = explicitSort || (searching ? "relevance" : "added");
      if (mode === "relevance" && !scores) mode = "added";
      best.disabled = !searching;
      sort.value = mode;
      writeState(s);
      var view = JSON.stringify(s);
      if (!keepLimit && view !== last) limit = page;
      last = view;

      var filtered = searching || s.theme || s.tag || s.year || s.venue || s.code;
      if (!data || (searching && !handle)) {
        if (filtered) count.textContent = !data && !searching ? "Loading…" : "Loading the search index…";
        return;
      }
      var theme = s.theme ? data.themes.indexOf(s.theme) : -1;
      var tag = -1;
      data.tags.forEach(function (t, i) { if (t[0] === s.tag) tag = i; });
      var year = Number(s.year) || 0;
      var matches = [];
      data.papers.forEach(function (p, ref) {
        if ((!scores || ref in scores) && (theme < 0 || p[8].indexOf(theme) >= 0) && (tag < 0 || p[7].indexOf(tag) >= 0) &&
          (!year || p[3] === year) && (!s.venue || p[4] === s.venue) && (!s.code || p[5])) matches.push(ref);
      });
      var key = {
        relevance: function (ref) { return -scores[ref]; },
        added: function () { return 0; },
        year: function (ref) { return -data.papers[ref][3]; },
        title: function (ref) { return data.papers[ref][10]; }
      }[mode];
      matches.sort(function (a, b) { return key(a) - key(b) || data.papers[a][9] - data.papers[b][9]; });
      list.replaceChildren.apply(list, matches.slice(0, limit).map(row));
      var rest = matches.length - limit;
      more.hidden = rest <= 0;
      if (rest > 0) more.firstElementChild.textContent = "Show " + Math.min(rest, page) + " more of " + rest;

      var n = matches.length;
      var text = !filtered ? n + (n === 1 ? " paper" : " papers")
        : n === 0 ? "No papers match"
        : n === 1 ? "1 paper matches" : n + " papers match";
      if (searching && !handle.complete) text += " so far (searching the abstracts…)";
      if (count.textContent !== text) count.textContent = text;
    }

    addSkipLinks(input, list);
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
    more.firstElementChild.addEventListener("click", function () {
      var first = limit;
      limit += page;
      update(true);
      var next = list.children[first];
      if (next) next.querySelector("a").focus();
    });
    update();

    function failed(error) {
      root.dataset.exploreState = "error";
      count.textContent = "Search is unavailable (" + error.message + ").";
    }

    root.dataset.exploreState = "loading";
    rowsData = loadOnce(rowsData, new URL(root.dataset.rows, base).href);
    rowsData.catch(function () { rowsData = null; });
    Promise.all([rowsData, cs().loadHead(root)]).then(function (results) {
      if (!root.isConnected) return;
      data = results[0];
      handle = results[1];
      root.dataset.exploreState = "ready";
      update(true);
      root.dataset.exploreBody = "loading";
      teasersData = loadOnce(teasersData, new URL(root.dataset.teasers, base).href);
      teasersData.catch(function () { teasersData = null; });
      return Promise.all([cs().loadIndex(root), teasersData]).then(function (rest) {
        if (!root.isConnected) return;
        handle = rest[0];
        teasers = rest[1];
        elements = {};
        root.dataset.exploreBody = "ready";
        update(true);
      }, function (error) {
        root.dataset.exploreBody = "error";
        count.textContent = "Searching the abstracts is unavailable (" + error.message + ").";
      });
    }, failed);
  }

  /* Keyboard users' first Tab stops: straight to the search box, or to the first result, past the
   * header and the navigation. Material's skip-link slot is redrawn on every page view, so these
   * go there on each view of this page (and are gone on the next page). */
  function addSkipLinks(input, list) {
    var slot = document.querySelector('[data-md-component="skip"]');
    if (!slot) return;
    function skip(text, target) {
      var link = document.createElement("a");
      link.className = "md-skip catalog-skip";
      link.href = "#" + target().id;
      link.textContent = text;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var to = target();
        if (to.tagName !== "A" && to.tagName !== "INPUT") to = to.querySelector("a[href]") || to;
        to.focus();
      });
      return link;
    }
    slot.replaceChildren(skip("Skip to search", function () { return input; }), skip("Skip to results", function () { return list; }));
  }

  window.catalogSearch.onEveryPage("[data-explore]", "exploreState", setup);
})();
