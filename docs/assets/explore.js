/* The Explore page: instant search over a lunr index built at build time, filters, sorting, and
 * the view kept in the URL. The page holds the newest rows (for readers without JavaScript); this
 * script lists the matching papers from explore/rows.json instead, PAGE rows at a time ("Show
 * more"), so that the page stays small whatever the catalog's size. Text from papers.yaml goes
 * into the DOM as text, except titles and teasers, which the generator ships as HTML it escaped
 * (generator/explore.py, mathtext.to_html: they may hold MathML).
 * Order of loading (at once when the URL holds a view, else once the page is painted): lunr.js,
 * the head shard of the index (titles, authors, tags) and the rows, then the first answer; then the body shard (abstracts) and the teasers, and the answer again.
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

  /* A page view's elements and state, which the functions below share. */
  function view(root) {
    var form = root.querySelector(".explore-controls");
    var list = root.querySelector(".explore-list");
    var v = {
      root: root,
      form: form,
      list: list,
      count: root.querySelector(".explore-count"),
      more: root.querySelector(".explore-more"),
      input: form.elements.search,
      sort: form.elements.sort,
      page: Number(root.dataset.page) || 100,
      data: null, // rows.json: { tags, themes, papers }
      teasers: null, // teaser HTML by ref
      handle: null, // the search handle: the head shard, then both
      elements: {}, // ref → its row, built when first shown
      served: {}, // the rows the page came with (teasers included): shown as they are, so the list does not jump
      limit: 0,
      explicitSort: "",
      last: "",
      suggestion: null // the "Did you mean" line, made when first needed
    };
    v.best = v.sort.querySelector('option[value="relevance"]');
    v.limit = v.page;
    Array.prototype.forEach.call(list.children, function (li) { v.served[li.dataset.ref] = li; });
    return v;
  }

  // --- The form and the URL -----------------------------------------------------------------------
  function formState(v) {
    var elements = v.form.elements;
    return {
      search: v.input.value.trim() ? v.input.value : "",
      theme: elements.theme.value,
      tag: elements.tag.value,
      year: elements.year.value,
      venue: elements.venue.value,
      code: elements.code.checked ? "1" : "",
      sort: v.explicitSort
    };
  }

  function restore(v, s) {
    v.input.value = s.search;
    ["theme", "tag", "year", "venue"].forEach(function (name) {
      var select = v.form.elements[name];
      select.value = s[name];
      if (select.value !== s[name]) select.value = ""; // unknown value in the URL: ignore it
    });
    v.form.elements.code.checked = s.code === "1";
    v.explicitSort = ["relevance", "added", "year", "title"].indexOf(s.sort) >= 0 ? s.sort : "";
  }

  // --- Rows ---------------------------------------------------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // One row, the same markup as the generator's (explore.md.j2).
  function row(v, ref) {
    if (v.elements[ref]) return v.elements[ref];
    if (v.served[ref]) return (v.elements[ref] = v.served[ref]);
    var data = v.data;
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
    if (v.teasers && v.teasers[ref]) li.appendChild(el("p", "explore-row__teaser")).innerHTML = v.teasers[ref]; // escaped by the generator; "" without an abstract
    if (p[7].length) {
      var tags = li.appendChild(el("p", "explore-row__tags"));
      p[7].forEach(function (t, i) {
        if (i) tags.appendChild(document.createTextNode(" "));
        tags.appendChild(el("a", "catalog-tag", data.tags[t][1])).href = data.tags[t][2];
      });
    }
    v.elements[ref] = li;
    return li;
  }

  // --- The answer ---------------------------------------------------------------------------------
  /* The refs that pass the filters of state s (and the search, when scores is not null). */
  function matching(data, s, scores) {
    var theme = s.theme ? data.themes.indexOf(s.theme) : -1;
    var tag = -1;
    data.tags.forEach(function (t, i) { if (t[0] === s.tag) tag = i; });
    var year = Number(s.year) || 0;
    var matches = [];
    data.papers.forEach(function (p, ref) {
      if ((!scores || ref in scores) && (theme < 0 || p[8].indexOf(theme) >= 0) && (tag < 0 || p[7].indexOf(tag) >= 0) &&
        (!year || p[3] === year) && (!s.venue || p[4] === s.venue) && (!s.code || p[5])) matches.push(ref);
    });
    return matches;
  }

  /* Sorted in place by mode; ties (and "added") by newest addition first. */
  function sortRefs(data, refs, mode, scores) {
    var key = {
      relevance: function (ref) { return -scores[ref]; },
      added: function () { return 0; },
      year: function (ref) { return -data.papers[ref][3]; },
      title: function (ref) { return data.papers[ref][10]; }
    }[mode];
    refs.sort(function (a, b) { return key(a) - key(b) || data.papers[a][9] - data.papers[b][9]; });
    return refs;
  }

  function countText(n, filtered, searching, complete) {
    var text = !filtered ? n + (n === 1 ? " paper" : " papers")
      : n === 0 ? "No papers match"
      : n === 1 ? "1 paper matches" : n + " papers match";
    if (searching && !complete) text += " so far (searching the abstracts…)";
    return text;
  }

  /* Reads the form, writes the URL and shows the answer (the first v.limit rows of it). */
  function update(v, keepLimit) {
    var s = formState(v);
    var searching = fold(s.search).length > 0;
    var scores = searching && v.handle ? search(v.handle, s.search) : null;
    var mode = v.explicitSort || (searching ? "relevance" : "added");
    if (mode === "relevance" && !scores) mode = "added";
    v.best.disabled = !searching;
    v.sort.value = mode;
    writeState(s);
    var viewKey = JSON.stringify(s);
    if (!keepLimit && viewKey !== v.last) v.limit = v.page;
    v.last = viewKey;

    var filtered = searching || s.theme || s.tag || s.year || s.venue || s.code;
    if (!v.data || (searching && !v.handle)) {
      if (filtered) v.count.textContent = !v.data && !searching ? "Loading…" : "Loading the search index…";
      return;
    }
    // The same view as on screen (a text box's "change" when it loses focus, say, because the
    // reader is clicking a result): drawing it again would replace the link under the pointer.
    var drawn = [viewKey, mode, v.limit, v.handle ? v.handle.complete : ""].join("|");
    if (drawn === v.drawn) return;
    v.drawn = drawn;
    var matches = sortRefs(v.data, matching(v.data, s, scores), mode, scores);
    v.list.replaceChildren.apply(v.list, matches.slice(0, v.limit).map(function (ref) { return row(v, ref); }));
    var rest = matches.length - v.limit;
    v.more.hidden = rest <= 0;
    if (rest > 0) v.more.firstElementChild.textContent = "Show " + Math.min(rest, v.page) + " more of " + rest;
    var text = countText(matches.length, filtered, searching, v.handle.complete);
    if (v.count.textContent !== text) v.count.textContent = text;
    suggest(v, searching && !matches.length ? s.search : "");
  }

  /* "Did you mean …?" under the count when a query finds nothing and a word of it is one letter
   * off an indexed word (catalogSearch.rank corrects it, as the header's search box does). */
  function suggest(v, query) {
    var fix = query ? cs().rank(v.handle, query, 1, function () { return 0; }).suggestion : "";
    if (fix && fold(fix).join(" ") === fold(query).join(" ")) fix = "";
    if (!v.suggestion) {
      if (!fix) return;
      v.suggestion = el("p", "explore-suggest");
      v.form.querySelector(".explore-bar").after(v.suggestion);
    }
    v.suggestion.hidden = !fix;
    if (!fix) return;
    var button = el("button", "explore-suggest__fix", fix);
    button.type = "button";
    button.addEventListener("click", function () {
      v.input.value = fix;
      update(v);
      v.input.focus();
    });
    v.suggestion.replaceChildren(document.createTextNode("Did you mean "), button, document.createTextNode("?"));
  }

  // --- Events and loading -------------------------------------------------------------------------
  function listen(v) {
    var form = v.form;
    function changed(event) {
      if (event.target === v.sort) v.explicitSort = v.sort.value;
      update(v);
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      restore(v, { search: "", theme: "", tag: "", year: "", venue: "", code: "", sort: "" });
      update(v);
      v.input.focus();
    });
    v.more.firstElementChild.addEventListener("click", function () {
      var first = v.limit;
      v.limit += v.page;
      update(v, true);
      var next = v.list.children[first];
      if (next) next.querySelector("a").focus();
    });
  }

  /* The rows and the head shard, then the body shard and the teasers; each answers again. */
  function load(v) {
    var root = v.root;
    var base = window.location.href;
    root.dataset.exploreState = "loading";
    rowsData = loadOnce(rowsData, new URL(root.dataset.rows, base).href);
    rowsData.catch(function () { rowsData = null; });
    Promise.all([rowsData, cs().loadHead(root)]).then(function (results) {
      if (!root.isConnected) return;
      v.data = results[0];
      v.handle = results[1];
      root.dataset.exploreState = "ready";
      update(v, true);
      root.dataset.exploreBody = "loading";
      teasersData = loadOnce(teasersData, new URL(root.dataset.teasers, base).href);
      teasersData.catch(function () { teasersData = null; });
      return Promise.all([cs().loadIndex(root), teasersData]).then(function (rest) {
        if (!root.isConnected) return;
        v.handle = rest[0];
        v.teasers = rest[1];
        v.elements = {};
        root.dataset.exploreBody = "ready";
        update(v, true);
      }, function (error) {
        root.dataset.exploreBody = "error";
        v.count.textContent = "Searching the abstracts is unavailable (" + error.message + ").";
      });
    }, function (error) {
      root.dataset.exploreState = "error";
      v.count.textContent = "Search is unavailable (" + error.message + ").";
    });
  }

  function setup(root) {
    var v = view(root);
    addSkipLinks(v.input, v.list);
    restore(v, readState());
    v.form.hidden = false;
    listen(v);
    update(v);
    // The page came with the newest rows: they are the answer until the reader asks for another,
    // so the rows and the index load once it is on screen. A view in the URL needs them at once.
    if (hasView(formState(v))) return load(v);
    root.dataset.exploreState = "waiting";
    cs().afterPaint(function () { if (root.isConnected && root.dataset.exploreState === "waiting") load(v); });
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

  function hasView(s) {
    return PARAMS.some(function (name) { return s[name]; });
  }

  window.catalogSearch.onEveryPage("[data-explore]", "exploreState", setup);
})();
