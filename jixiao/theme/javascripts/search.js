/* The search page (search/, made by jixiao/theme/search_page.py): loaded on that page only.
   Nothing of the index is fetched until someone searches.

   On the web, Pagefind's index (pagefind/, jixiao/postbuild/search_index.py): pagefind.js
   fetches only the chunks a query's words need.  From the disk (file://, the offline bundle)
   Pagefind cannot run, so the bundle carries each report's text as a script
   (search/offline/, jixiao/postbuild/search_offline.py), loaded only for the 部门 and 年度
   searched, and searched here for the words as typed.

   Either way a section that holds every word as typed comes first (a fiscal term is found
   whole: 社保卡, not 社保 and 卡 apart), results are grouped by report, and every text from
   the site reaches the page as text, never as markup. */
(function () {
  "use strict";
  var form = document.getElementById("jx-search");
  var script = document.currentScript;
  if (!form || !script) {
    return;
  }
  var root = new URL("../", script.src); // this file is javascripts/search.js
  var input = form.querySelector("[name=q]");
  var status = document.getElementById("jx-search-status");
  var list = document.getElementById("jx-search-results");
  var needsScript = document.getElementById("jx-search-needs-script");
  if (needsScript) {
    needsScript.remove();
  }
  var CANDIDATES = 30; // sections read per query (Pagefind ranks them first)
  // Sections shown before the rest arrive: one round of a browser's six connections to a
  // host, so that on a phone's slow network the first results are on screen in one trip.
  var FIRST = 6;
  var SHOWN_PAGES = 20;
  var backend = null;
  var searching = 0; // the latest query; an older answer arriving late is dropped

  function words(query) {
    return query.split(/\s+/).filter(Boolean);
  }

  function clean(text) {
    return (text || "").replace(/\u200b/g, "");
  }

  function holdsAll(section, terms) {
    var text = section.title + " " + section.text;
    return terms.every(function (term) {
      return text.indexOf(term) >= 0;
    });
  }

  function count(text, term) {
    var found = 0;
    for (var at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + term.length)) {
      found += 1;
    }
    return found;
  }

  /* Sections holding every word as typed first, in the order given; then the others. */
  function ranked(sections, terms) {
    var whole = sections.filter(function (s) { return holdsAll(s, terms); });
    var rest = sections.filter(function (s) { return !holdsAll(s, terms); });
    return whole.concat(rest);
  }

  /* Sections grouped by their page, pages in the order of their best section. */
  function grouped(sections) {
    var pages = [];
    var byUrl = {};
    sections.forEach(function (section) {
      var page = byUrl[section.page];
      if (!page) {
        page = byUrl[section.page] = { url: section.page, title: section.pageTitle, sections: [] };
        pages.push(page);
      }
      page.sections.push(section);
    });
    return pages;
  }

  /* Pagefind on the web: its own ranking of sections (its words split as the index's).  Its
     engine starts (WebAssembly, metadata) when the search box is focused, and the index chunks
     of what is being typed load while the typing goes on. */
  function pagefind() {
    return import(new URL("pagefind/pagefind.js", root).href).then(function (engine) {
      return Promise.resolve(engine.init()).then(function () {
        return {
          preload: function (query) {
            engine.preload(query);
          },
          search: function (query, filters, early) {
            return engine.search(query, { filters: filters }).then(function (found) {
              var loading = found.results.slice(0, CANDIDATES).map(function (result) {
                return result.data();
              });
              Promise.all(loading.slice(0, FIRST)).then(function (records) {
                if (loading.length > FIRST) {
                  early(records.map(section));
                }
              });
              return Promise.all(loading);
            }).then(function (records) {
              return records.map(section);
            });
          }
        };
      });
    });
  }

  function section(record) {
    var link = record.meta.link || "";
    var title = clean(record.meta.title);
    var text = clean(record.content);
    if (text.indexOf(title) === 0) {
      text = text.slice(title.length).replace(/^[.\s]+/, "");
    }
    return {
      url: link,
      page: link.split("#")[0],
      pageTitle: clean(record.meta.page),
      title: title,
      text: text
    };
  }

  /* The offline bundle: the reports' text as scripts, loaded per 部门 and 年度 searched. */
  var loaded = {};
  var waiting = {};
  window.jixiaoSearchData = function (data) {
    loaded[data.file] = data;
    if (waiting[data.file]) {
      waiting[data.file]();
    }
  };

  function load(file) {
    if (loaded[file]) {
      return Promise.resolve(loaded[file]);
    }
    return new Promise(function (done, failed) {
      var tag = document.createElement("script");
      waiting[file] = function () { done(loaded[file]); };
      tag.onerror = function () { failed(new Error(file)); };
      tag.src = new URL("search/offline/" + file, root).href;
      document.head.appendChild(tag);
    });
  }

  function offline() {
    return load("index.js").then(function (index) {
      return {
        preload: function () {},
        search: function (query, filters) {
          var chunks = index.chunks.filter(function (chunk) {
            return Object.keys(filters).every(function (name) {
              return chunk.filters[name] === filters[name];
            });
          });
          return Promise.all(chunks.map(function (chunk) { return load(chunk.file); }))
            .then(function (data) { return scored(data, words(query)); });
        }
      };
    });
  }

  /* Offline ranking: sections holding every word, by how often they hold them (a word in the
     heading counts five times), ties in page order. */
  function scored(chunks, terms) {
    var found = [];
    chunks.forEach(function (chunk) {
      chunk.sections.forEach(function (row) {
        var section = { url: row[0], page: row[0].split("#")[0], pageTitle: chunk.title,
                        title: row[1], text: row[2] };
        if (holdsAll(section, terms)) {
          section.score = terms.reduce(function (sum, term) {
            return sum + 5 * count(section.title, term) + count(section.text, term);
          }, 0);
          section.order = found.length;
          found.push(section);
        }
      });
    });
    found.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return found.slice(0, CANDIDATES);
  }

  function engine() {
    if (!backend) {
      backend = location.protocol === "file:" ? offline() : pagefind().catch(offline);
    }
    return backend;
  }

  /* The text around the first word found, the words marked (as elements, never markup). */
  function excerpt(text, terms) {
    var paragraph = document.createElement("p");
    var first = text.length;
    terms.forEach(function (term) {
      var at = text.indexOf(term);
      if (at >= 0 && at < first) { first = at; }
    });
    var start = Math.max(0, (first === text.length ? 0 : first) - 30);
    var piece = (start > 0 ? "…" : "") + text.slice(start, start + 110) +
      (start + 110 < text.length ? "…" : "");
    var pattern = new RegExp(terms.map(function (t) {
      return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|"), "g");
    var last = 0;
    piece.replace(pattern, function (match, at) {
      paragraph.appendChild(document.createTextNode(piece.slice(last, at)));
      var mark = document.createElement("mark");
      mark.textContent = match;
      paragraph.appendChild(mark);
      last = at + match.length;
      return match;
    });
    paragraph.appendChild(document.createTextNode(piece.slice(last)));
    return paragraph;
  }

  function link(url, text, className) {
    var anchor = document.createElement("a");
    anchor.href = new URL(url, root).href;
    anchor.className = className;
    anchor.textContent = text;
    return anchor;
  }

  function show(pages, terms) {
    list.textContent = "";
    pages.slice(0, SHOWN_PAGES).forEach(function (page) {
      var item = document.createElement("li");
      item.className = "jx-result";
      var heading = document.createElement("h2");
      heading.appendChild(link(page.url, page.title, "jx-result__page"));
      item.appendChild(heading);
      var sections = document.createElement("ul");
      page.sections.forEach(function (section) {
        var entry = document.createElement("li");
        entry.appendChild(link(section.url, section.title, "jx-result__section"));
        entry.appendChild(excerpt(section.text, terms));
        sections.appendChild(entry);
      });
      item.appendChild(sections);
      list.appendChild(item);
    });
  }

  function chosenFilters() {
    var filters = {};
    form.querySelectorAll("select[data-jx-filter]").forEach(function (select) {
      if (select.value) {
        filters[select.getAttribute("data-jx-filter")] = select.value;
      }
    });
    return filters;
  }

  function chosenNames() {
    var chosen = {};
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-jx-filter]"));
    selects.sort(function (a, b) { return a.name < b.name ? -1 : 1; });
    selects.forEach(function (select) {
      if (select.value) {
        chosen[select.name] = select.value;
      }
    });
    return JSON.stringify(chosen);
  }

  function shown(sections, query, terms) {
    var pages = grouped(ranked(sections, terms));
    show(pages, terms);
    // what the list answers: the query and the filters chosen, by the selects' names
    list.setAttribute("data-query", query);
    list.setAttribute("data-filters", chosenNames());
    return pages;
  }

  function run() {
    var query = input.value.trim();
    var mine = ++searching;
    if (!query) {
      list.textContent = "";
      status.textContent = "";
      return;
    }
    status.textContent = "正在搜索…";
    var terms = words(query);
    engine().then(function (found) {
      return found.search(query, chosenFilters(), function (first) {
        if (mine === searching) {
          shown(first, query, terms); // the first few while the others arrive
        }
      });
    }).then(function (sections) {
      if (mine !== searching) {
        return;
      }
      var pages = shown(sections, query, terms);
      status.textContent = pages.length
        ? "找到 " + pages.length + " 篇报告中的 " + sections.length + " 处。"
        : "没有找到“" + query + "”。";
    }).catch(function () {
      if (mine === searching) {
        status.textContent = "搜索暂时不能使用。";
      }
    });
  }

  var typing = null;
  input.addEventListener("focus", function () { // whoever is in the box is about to search
    engine().catch(function () {});
  });
  input.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(run, 250);
    var query = input.value.trim();
    if (query) {
      engine().then(function (found) { found.preload(query); }).catch(function () {});
    }
  });
  form.querySelectorAll("select").forEach(function (select) {
    select.addEventListener("change", run);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });
  var asked = new URLSearchParams(location.search).get("q");
  if (asked) {
    input.value = asked;
    run();
  }
})();
