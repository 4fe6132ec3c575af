/* Prioritas Desa: map styling (read from the GeoJSON `hideout`) and browser-side callbacks.
 *
 * The server sends the shapes once per view (geobuf URL) and, on every indicator / scheme
 * switch, only `hideout`: one class character, one value and one rank per shape. Everything
 * here reads those arrays; nothing here fetches data or talks to another host.
 */
(function () {
    "use strict";

    var SLUG = {provinsi: "prov", kabupaten: "kab", kecamatan: "kec", desa: "desa"};
    var LEVEL_BY_LEN = {2: "provinsi", 4: "kabupaten", 6: "kecamatan", 10: "desa"};
    var HASH_KEYS = {i: "indicator", s: "scheme", k: "k", l: "lang"};
    var SCHEMES = ["quantiles", "natural_breaks", "equal_interval"];
    var RANK_TAB = "prioritas";
    var RANK_VIEWS = ["peringkat", "eksklusi", "inklusi"];
    var RANK_SORTS = ["jumlah", "persen"];
    var formatters = {};

    /* ---------- numbers ------------------------------------------------------------------ */
    function fmt(value, decimals, lang) {
        if (value === null || value === undefined) { return "–"; }
        var key = lang + decimals;
        if (!formatters[key]) {
            formatters[key] = new Intl.NumberFormat(lang === "en" ? "en-US" : "id-ID", {
                minimumFractionDigits: decimals, maximumFractionDigits: decimals});
        }
        return formatters[key].format(value);
    }

    /* ---------- the "no data" hatch, defined once for every SVG on the page ---------------- */
    function ensureHatch() {
        if (document.getElementById("pd-hatch")) { return; }
        var NS = "http://www.w3.org/2000/svg";
        var svg = document.createElementNS(NS, "svg");
        svg.setAttribute("width", "0");
        svg.setAttribute("height", "0");
        svg.setAttribute("aria-hidden", "true");
        svg.style.position = "absolute";
        var pattern = document.createElementNS(NS, "pattern");
        pattern.setAttribute("id", "pd-hatch");
        pattern.setAttribute("patternUnits", "userSpaceOnUse");
        pattern.setAttribute("width", "8");
        pattern.setAttribute("height", "8");
        pattern.setAttribute("patternTransform", "rotate(45)");
        var bg = document.createElementNS(NS, "rect");
        bg.setAttribute("width", "8");
        bg.setAttribute("height", "8");
        bg.setAttribute("fill", "#ffffff");
        var line = document.createElementNS(NS, "rect");
        line.setAttribute("width", "2.5");
        line.setAttribute("height", "8");
        line.setAttribute("fill", "#8a8a8a");
        pattern.appendChild(bg);
        pattern.appendChild(line);
        var defs = document.createElementNS(NS, "defs");
        defs.appendChild(pattern);
        svg.appendChild(defs);
        document.body.appendChild(svg);
    }

    /* ---------- labels that fit inside their shape ----------------------------------------- */
    function checkLabels(map) {
        if (!map || !map._pdLabels) { return; }
        map._pdLabels.forEach(function (layer) {
            var tip = layer.getTooltip && layer.getTooltip();
            var el = tip && tip.getElement && tip.getElement();
            if (!el || !layer._map) { return; }
            var b = layer.getBounds();
            var sw = map.latLngToLayerPoint(b.getSouthWest());
            var ne = map.latLngToLayerPoint(b.getNorthEast());
            var w = Math.abs(ne.x - sw.x), h = Math.abs(sw.y - ne.y);
            var fits = el.offsetWidth <= w * 0.85 && el.offsetHeight <= h * 0.5;
            el.classList.toggle("pd-label-hidden", !fits);
        });
    }

    function scheduleLabels(map) {
        if (!map || map._pdLabelTimer) { return; }
        map._pdLabelTimer = window.requestAnimationFrame(function () {
            map._pdLabelTimer = null;
            checkLabels(map);
        });
    }

    /* maps drawn on this page: printing re-measures them for the paper's width */
    var MAPS = new Set();

    function refit() {
        MAPS.forEach(function (map) {
            if (map._container && map._container.isConnected) { map.invalidateSize(false); }
        });
    }
    window.addEventListener("beforeprint", refit);
    window.addEventListener("afterprint", refit);
    if (window.matchMedia) {
        window.matchMedia("print").addEventListener("change", refit);
    }

    function watchMap(map) {
        MAPS.add(map);
        if (map._pdLabels) { return; }
        map._pdLabels = new Set();
        map.on("zoomend", function () { scheduleLabels(map); });
    }

    /* ---------- hideout arrays: comma-joined strings, parsed once per hideout ------------- */
    var parsed = new WeakMap();

    function column(h, key) {
        var cache = parsed.get(h);
        if (!cache) {
            cache = {};
            parsed.set(h, cache);
        }
        if (!cache[key]) {
            cache[key] = (h[key] || "").split(",").map(function (x) {
                return x === "" ? null : Number(x);
            });
        }
        return cache[key];
    }

    /* a span holding `text` as text (names from files never become markup) */
    function textNode(text) {
        var el = document.createElement("span");
        el.textContent = text == null ? "" : String(text);
        return el;
    }

    /* ---------- hover box ------------------------------------------------------------------ */
    function line(box, cls, text) {
        var el = document.createElement("div");
        el.className = cls;
        el.textContent = text;
        box.appendChild(el);
        return el;
    }

    /* the hover of the ranking map: skor, peringkat within the area, prioritas; or why the
       desa is not ranked (never a skor of 0) */
    function showRankHover(box, p, h) {
        var t = h.t || {};
        var c = h.c ? h.c.charAt(p.i) : "-";
        if (c === "-" || c === "") {
            line(box, "pd-hover-value", t.nodata || "–");
            var k = h.x ? h.x.charAt(p.i) : "-";
            var MARKS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
            var why = (h.why || [])[MARKS.indexOf(k)];
            if (why) { line(box, "pd-hover-why", why); }
        } else {
            line(box, "pd-hover-value", t.skor + " " + fmt(column(h, "v")[p.i], 2, h.lang));
            line(box, "pd-hover-rank", t.rank + " " + fmt(column(h, "r")[p.i], 0, h.lang) +
                 " " + t.of + " " + fmt(h.n, 0, h.lang) + " " + t["in"] + " " + (t.area || ""));
            var tier = line(box, "pd-hover-tier", t.tier + " " + (+c + 1));
            tier.style.borderLeftColor = h.pal[+c];
        }
        line(box, "pd-hover-hint", t.open || "");
    }

    function showHover(feature, h) {
        var box = document.getElementById("pd-hover");
        if (!box) { return; }
        var p = feature.properties, t = h.t || {};
        box.textContent = "";
        var name = document.createElement("div");
        name.className = "pd-hover-name";
        name.textContent = p.n;
        box.appendChild(name);
        if (h.mode === "rank") {
            showRankHover(box, p, h);
            box.style.display = "block";
            return;
        }
        var c = h.c ? h.c.charAt(p.i) : "-";
        var v = (h.cats && h.cats.length) ? (c === "-" ? null : h.cats[+c])
                                          : column(h, "v")[p.i];
        var value = document.createElement("div");
        value.className = "pd-hover-value";
        if (v === null || v === undefined) {
            value.textContent = t.nodata || "–";
        } else if (typeof v === "string") {
            value.textContent = v;
        } else {
            value.textContent = fmt(v, h.dec || 0, h.lang) + (h.u === "%" ? "%" : (h.u ? " " + h.u : ""));
        }
        box.appendChild(value);
        var r = column(h, "r")[p.i];
        if (r !== null && r !== undefined && h.pl) {
            var ranked = (h.pn || {})[String(p.k).slice(0, h.pl)] || 0;
            var rank = document.createElement("div");
            rank.className = "pd-hover-rank";
            rank.textContent = t.rank + " " + fmt(r, 0, h.lang) + " " + t.of + " " +
                fmt(ranked, 0, h.lang) + " " + t["in"] + " " + (p.p || "");
            box.appendChild(rank);
        }
        var hint = document.createElement("div");
        hint.className = "pd-hover-hint";
        hint.textContent = t.open || "";
        box.appendChild(hint);
        box.style.display = "block";
    }

    function hideHover() {
        var box = document.getElementById("pd-hover");
        if (box) { box.style.display = "none"; }
    }

    /* ---------- style functions (dash-leaflet calls them with the component's props) ------- */
    function choroplethStyle(feature, context) {
        var h = (context && context.hideout) || {};
        var p = feature.properties;
        var s = {weight: 1, color: "#505050", opacity: 1, fillOpacity: 0.9, dashArray: null};
        if (!h.c || p.i >= h.c.length) {
            s.fillColor = "#eef0f2";
            s.fillOpacity = 0.6;
            return s;
        }
        var c = h.c.charAt(p.i);
        if (c === "-" || c === "") {
            s.fillColor = h.nd;
            s.fillOpacity = 1;
            s.dashArray = "4 3";
        } else {
            s.fillColor = h.pal[+c];
        }
        if (h.sel && p.k === h.sel) {
            s.weight = 5;
            s.color = "#000000";
            s.dashArray = null;
        }
        return s;
    }

    function onEachFeature(feature, layer, context) {
        ensureHatch();
        var h = (context && context.hideout) || {};
        var p = feature.properties;
        layer.on("mouseover", function () {
            layer.setStyle({weight: 4, color: "#000000"});
            if (layer.bringToFront) { layer.bringToFront(); }
            showHover(feature, (context && context.hideout) || h);
        });
        layer.on("mouseout", function () {
            layer.setStyle(choroplethStyle(feature, context));
            hideHover();
        });
        if (h.labels) {
            /* a name from a boundary file is text, never HTML: Leaflet sets a string tooltip
               with innerHTML, so it gets an element whose textContent is the name */
            var label = textNode(p.n);
            layer.bindTooltip(label, {permanent: true, direction: "center", interactive: false,
                                      className: "pd-label", opacity: 1});
        }
        layer.on("add", function () {
            var map = layer._map;
            if (!map) { return; }
            watchMap(map);
            if (h.sel && p.k === h.sel && layer.bringToFront) { layer.bringToFront(); }
            var tip = layer.getTooltip && layer.getTooltip();
            if (tip) {
                tip.setLatLng([p.ly, p.lx]);
                map._pdLabels.add(layer);
                scheduleLabels(map);
            }
        });
        layer.on("remove", function () {
            var map = context && context.map;
            if (map && map._pdLabels) { map._pdLabels.delete(layer); }
        });
    }

    function contextStyle(feature, context) {
        var h = (context && context.hideout) || {};
        var current = feature.properties.k === h.cur;
        return {weight: current ? 3 : 1.2, color: current ? "#1f1f1f" : "#9aa3ab",
                fillColor: current ? "#ffffff" : "#f7f7f4",
                fillOpacity: current ? 0 : 1, opacity: 1};
    }

    function contextEach(feature, layer, context) {
        var p = feature.properties;
        layer.on("mouseover", function () {
            var h = (context && context.hideout) || {};
            if (p.k !== h.cur) { layer.setStyle({fillColor: "#e3e6e9"}); }
        });
        layer.on("mouseout", function () { layer.setStyle(contextStyle(feature, context)); });
    }

    window.pd = window.pd || {};
    window.pd.map = {style: choroplethStyle, onEachFeature: onEachFeature,
                     contextStyle: contextStyle, contextEach: contextEach};
    window.pd.fmt = fmt;

    /* ---------- links that keep the URL hash (breadcrumb, map unit) ------------------------ */
    document.addEventListener("click", function (ev) {
        var a = ev.target && ev.target.closest ? ev.target.closest("a.pd-nav") : null;
        if (!a || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey || ev.button !== 0) {
            return;
        }
        ev.preventDefault();
        var target = a.getAttribute("href") + window.location.hash;
        window.history.pushState({}, "", target);
        window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
        window.scrollTo(0, 0);
    }, true);

    /* ---------- browser-side callbacks ------------------------------------------------------ */
    function parseHash(hash) {
        var out = {};
        (hash || "").replace(/^#/, "").split("&").forEach(function (part) {
            var i = part.indexOf("=");
            if (i > 0) {
                out[decodeURIComponent(part.slice(0, i))] = decodeURIComponent(part.slice(i + 1));
            }
        });
        return out;
    }

    /* weights stay readable in a link: "w=kk_miskin_ekstrem=2,persen_terdaftar=1" */
    function readable(text) {
        return encodeURIComponent(text || "").replace(/%3D/g, "=").replace(/%2C/g, ",");
    }

    function formatHash(indicator, scheme, k, lang, rank) {
        var out = "#i=" + encodeURIComponent(indicator || "") + "&s=" + encodeURIComponent(scheme) +
            "&k=" + encodeURIComponent(k) + "&l=" + encodeURIComponent(lang);
        if (rank) {
            out += "&v=" + encodeURIComponent(rank.view);
            if (rank.state) {
                out += "&w=" + readable(rank.state.w) + "&n=" +
                    encodeURIComponent(rank.state.n || "minmax") + "&kel=" +
                    (rank.state.kel ? "1" : "0");
            }
            if (rank.view !== RANK_VIEWS[0]) { out += "&o=" + encodeURIComponent(rank.sort); }
        }
        return out;
    }

    function sameRank(state, st) {
        return !!state && (state.w || "") === (st.w || "") &&
            (state.n || "minmax") === (st.n || "minmax") && !!state.kel === (st.kel === "1");
    }

    function triggeredIds() {
        var c = window.dash_clientside.callback_context;
        return (c && c.triggered ? c.triggered : []).map(function (t) { return t.prop_id; });
    }

    var NO = function () { return window.dash_clientside.no_update; };

    /* ---------- geometry: fetched once per URL (HTTP-cached too), handed to the layer together
       with the hideout made for it, so shapes and colours can never be out of step --------- */
    var geoCache = {};
    var shown = {};
    var calls = {};

    function toBase64(buffer) {
        var bytes = new Uint8Array(buffer), parts = [], step = 0x8000;
        for (var i = 0; i < bytes.length; i += step) {
            parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + step)));
        }
        return window.btoa(parts.join(""));
    }

    function geometry(url) {
        if (!geoCache[url]) {
            geoCache[url] = window.fetch(url).then(function (r) {
                if (!r.ok) { throw new Error("geometry " + r.status); }
                return r.arrayBuffer();
            }).then(toBase64);
            geoCache[url].catch(function () { delete geoCache[url]; });
        }
        return geoCache[url];
    }

    function paint(key, url, hideout, ready) {
        var n = (calls[key] || 0) + 1;
        calls[key] = n;
        if (!url) {
            shown[key] = null;
            return Promise.resolve([null, hideout || {}]);
        }
        if (!ready) { return Promise.resolve([NO(), NO()]); }
        return geometry(url).then(function (data) {
            if (calls[key] !== n) { return [NO(), NO()]; }
            var same = shown[key] === url;
            shown[key] = url;
            return [same ? NO() : data, hideout];
        });
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.pd = {
            /* URL hash <-> controls: a hash (link, back button) sets the controls; a control
               change writes the hash. The path never changes here, so no polygons move. With
               the ranking tab open the hash also carries its view (v), weights (w, in the
               form of layers.ranking.format_weights), normalisation (n), kelurahan switch
               (kel) and the order of the exclusion/inclusion lists (o). */
            syncHash: function (hash, indicator, scheme, k, lang, tab, view, sort, rank,
                                options) {
                var trig = triggeredIds();
                var initial = trig.length === 0;
                var fromHash = initial || trig.some(function (p) {
                    return p.indexOf("pd-location.") === 0;
                });
                if (fromHash) {
                    var st = parseHash(hash);
                    var allowed = (options || []).filter(function (o) { return !o.disabled; })
                        .map(function (o) { return o.value; });
                    var ni = (st.i && allowed.indexOf(st.i) >= 0) ? st.i : indicator;
                    var ns = SCHEMES.indexOf(st.s) >= 0 ? st.s : scheme;
                    var nk = parseInt(st.k, 10);
                    nk = (nk >= 3 && nk <= 7) ? nk : k;
                    var nl = (st.l === "id" || st.l === "en") ? st.l : lang;
                    var rv = RANK_VIEWS.indexOf(st.v) >= 0 ? st.v : null;
                    var ntab = NO();
                    if (rv && tab !== RANK_TAB) {
                        ntab = RANK_TAB;
                    } else if (!rv && !initial && tab === RANK_TAB) {
                        ntab = window.location.pathname.indexOf("/desa/") === 0 ? "profil"
                                                                                  : "tabel";
                    }
                    var no = (RANK_SORTS.indexOf(st.o) >= 0 && st.o !== sort) ? st.o : NO();
                    var asked = (st.w !== undefined && !sameRank(rank, st))
                        ? {w: st.w, n: st.n || "minmax", kel: st.kel === "1"} : NO();
                    return [NO(), ni === indicator ? NO() : ni, ns === scheme ? NO() : ns,
                            nk === k ? NO() : nk, nl === lang ? NO() : nl, ntab,
                            (rv && rv !== view) ? rv : NO(), no, asked];
                }
                var r = tab === RANK_TAB ? {view: view || RANK_VIEWS[0],
                                            sort: sort || RANK_SORTS[0], state: rank} : null;
                var next = formatHash(indicator, scheme, k, lang, r);
                return [next === hash ? NO() : next, NO(), NO(), NO(), NO(), NO(), NO(), NO(),
                        NO()];
            },

            /* Shapes + colours of the choropleth, in one step. */
            paintChoropleth: function (url, hideout) {
                return paint("choropleth", url, hideout, hideout && hideout.src === url);
            },

            /* Shapes + highlight of the grey context layer. */
            paintContext: function (context) {
                context = context || {};
                return paint("context", context.url, {cur: context.cur || ""}, true);
            },

            /* A click on a shape or a table row opens that area (a desa opens its profile).
               With the ranking tab open, a click on a desa (map or list) shows why it ranks
               where it does instead, and the map stays on the area. */
            navigate: function (click, contextClick, rowClicks, rankClicks, tab) {
                var trig = triggeredIds();
                if (!trig.length) { return [NO(), NO()]; }
                var prop = trig[0];
                var kode = null;
                if (prop.indexOf("pd-choropleth.") === 0 && click) {
                    kode = click.properties && click.properties.k;
                    if (tab === RANK_TAB && kode && String(kode).length === 10) {
                        return [NO(), String(kode)];
                    }
                } else if (prop.indexOf("pd-context.") === 0 && contextClick) {
                    kode = contextClick.properties && contextClick.properties.k;
                } else if (prop.indexOf("pd-rank-row") >= 0) {
                    var hit = window.dash_clientside.callback_context.triggered[0].value;
                    if (!hit) { return [NO(), NO()]; }
                    return [NO(), JSON.parse(prop.slice(0, prop.lastIndexOf("."))).kode];
                } else if (prop.indexOf("pd-row") >= 0) {
                    var value = window.dash_clientside.callback_context.triggered[0].value;
                    if (!value) { return [NO(), NO()]; }
                    kode = JSON.parse(prop.slice(0, prop.lastIndexOf("."))).kode;
                }
                if (!kode) { return [NO(), NO()]; }
                var level = LEVEL_BY_LEN[String(kode).length];
                if (!level) { return [NO(), NO()]; }
                hideHover();
                return ["/" + SLUG[level] + "/" + kode, NO()];
            },

            /* Labels of the chosen language (all from the locale files). */
            translate: function (lang, textIds, locales, schemeOptions, viewOptions,
                                 sortOptions, topOptions) {
                var L = (locales || {})[lang] || (locales || {}).id || {};
                document.documentElement.setAttribute("lang", lang || "id");
                var texts = (textIds || []).map(function (id) { return L[id.key] || id.key; });
                function relabel(opts, prefix) {
                    return (opts || []).map(function (o) {
                        return {label: L[prefix + o.value] || o.label, value: o.value};
                    });
                }
                var tops = (topOptions || []).map(function (o) {
                    return {label: o.value ? String(o.value) : (L["rank.top.all"] || o.label),
                            value: o.value};
                });
                return [texts, relabel(schemeOptions, "scheme."), L["tab.table"], L["tab.profile"],
                        L["table.filter_hint"], L["tab.rank"], relabel(viewOptions, "rank.view."),
                        relabel(sortOptions, "rank.targeting.sort."), tops, L["rank.add"]];
            },

            /* Header click: sort by that column; a second click reverses the order. */
            sort: function (clicks, current, arrowIds) {
                var trig = triggeredIds();
                var state = Object.assign({col: "nilai", desc: true}, current || {});
                if (trig.length) {
                    var value = window.dash_clientside.callback_context.triggered[0].value;
                    if (value) {
                        var col = JSON.parse(trig[0].slice(0, trig[0].lastIndexOf("."))).col;
                        if (col === state.col) {
                            state.desc = !state.desc;
                        } else {
                            state = {col: col, desc: col === "nilai"};
                        }
                    }
                }
                var arrows = (arrowIds || []).map(function (id) {
                    return id.col === state.col ? (state.desc ? "▼" : "▲") : "";
                });
                return [state, arrows];
            }
    };
}());
