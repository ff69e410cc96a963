/* Maps (progressive enhancement; Leaflet is loaded before this file, both deferred).
 *
 * Every map is a <div class="map" data-map="pick|point|list"> whose data- attributes carry the
 * tile address, the attribution and the words (templates ideas/_map_*.html):
 *   pick   the idea form: click or tap places the point; with the keyboard, move the map (arrow
 *          keys, + and -) and press "Place the marker at the centre"; the typed latitude and
 *          longitude fields follow the marker and the marker follows them; the address search
 *          (Kartverket's format: ?sok=&treffPerSide=) fills in the place and the point.
 *   point  the idea's page: its point.
 *   list   the ideas list's map view: a marker per <li data-lat data-lon> of the list named by
 *          data-markers (the map's text alternative), whose popup links to the idea.
 * Without JavaScript (or Leaflet) the typed fields and the lists are the whole feature.
 */
(function () {
  "use strict";
  if (!window.L) { return; }
  var L = window.L;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  }

  function round(value) { return Math.round(value * 1e6) / 1e6; }

  function makeMap(element, options) {
    var data = element.dataset;
    L.Icon.Default.imagePath = data.leafletImages;
    var map = L.map(element, L.extend({zoomControl: false, keyboard: true}, options || {}));
    L.control.zoom({zoomInTitle: data.zoomIn, zoomOutTitle: data.zoomOut}).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    L.tileLayer(data.tiles, {attribution: data.attribution, maxZoom: 18, minZoom: 3}).addTo(map);
    return map;
  }

  /* --- the idea form ------------------------------------------------------------------- */

  function setUpPick(element) {
    var box = element.closest("[data-map-pick]");
    var latField = document.getElementById("latitude");
    var lonField = document.getElementById("longitude");
    var placeField = document.getElementById("place_text");
    var status = document.getElementById("map-pick-status");
    var data = element.dataset;
    if (!latField || !lonField) { return; }
    box.hidden = false;

    function typed() {
      var lat = parseFloat(String(latField.value).replace(",", "."));
      var lon = parseFloat(String(lonField.value).replace(",", "."));
      return isFinite(lat) && isFinite(lon) ? L.latLng(lat, lon) : null;
    }

    var start = typed();
    var map = makeMap(element);
    map.setView(start || [parseFloat(data.lat), parseFloat(data.lon)], start ? 16 : 12);
    var marker = null;

    function show(point) {
      if (!marker) {
        marker = L.marker(point, {alt: data.marker, keyboard: false, draggable: true}).addTo(map);
        marker.on("dragend", function () { place(marker.getLatLng(), true); });
      } else {
        marker.setLatLng(point);
      }
    }

    function place(point, announce) {
      show(point);
      latField.value = round(point.lat);
      lonField.value = round(point.lng);
      if (announce) {
        status.textContent = fill(data.placed, {lat: latField.value, lon: lonField.value});
      }
    }

    if (start) { show(start); }
    map.on("click", function (event) { place(event.latlng, true); });
    document.getElementById("map-place-centre").addEventListener("click", function () {
      place(map.getCenter(), true);
    });
    document.getElementById("map-clear").addEventListener("click", function () {
      if (marker) { map.removeLayer(marker); marker = null; }
      latField.value = "";
      lonField.value = "";
      status.textContent = "";
    });
    function followFields() {
      var point = typed();
      if (point) { show(point); map.panTo(point); }
    }
    latField.addEventListener("change", followFields);
    lonField.addEventListener("change", followFields);

    var search = document.getElementById("address-search");
    if (search) {
      setUpSearch(search, function (hit) {
        if (placeField) { placeField.value = hit.label; }
        place(hit.point, false);
        map.setView(hit.point, 17);
      });
    }
  }

  /* --- address search: Kartverket's /adresser/v1/sok format ---------------------------- */

  function setUpSearch(input, choose) {
    var data = input.dataset;
    var button = document.getElementById("address-search-button");
    var list = document.getElementById("address-hits");
    var status = document.getElementById("address-status");
    var asked = 0;
    var timer = null;

    /* Kartverket writes post towns in capitals: OSLO, MO I RANA -> Oslo, Mo i Rana */
    function townCase(name) {
      return String(name || "").toLocaleLowerCase("nb").replace(/(^|[\s-])(\S)/g, function (all, gap, first, at) {
        var word = name.slice(at + gap.length).split(/[\s-]/)[0].toLocaleLowerCase("nb");
        return at > 0 && (word === "i" || word === "på") ? all : gap + first.toLocaleUpperCase("nb");
      });
    }

    function label(address) {
      var town = [address.postnummer, townCase(address.poststed)].filter(Boolean).join(" ");
      return [address.adressetekst, town].filter(Boolean).join(", ");
    }

    function hitsOf(answer) {
      return (answer && answer.adresser || []).filter(function (address) {
        var p = address.representasjonspunkt;
        return p && isFinite(p.lat) && isFinite(p.lon);
      }).map(function (address) {
        return {label: label(address),
                point: L.latLng(address.representasjonspunkt.lat, address.representasjonspunkt.lon)};
      });
    }

    function render(hits) {
      list.textContent = "";
      hits.forEach(function (hit) {
        var item = document.createElement("li");
        var option = document.createElement("button");
        option.type = "button";
        option.className = "map-hit";
        option.textContent = hit.label;
        option.addEventListener("click", function () {
          list.textContent = "";
          input.value = hit.label;
          status.textContent = fill(data.chosen, {place: hit.label});
          choose(hit);
          input.focus();
        });
        item.appendChild(option);
        list.appendChild(item);
      });
      status.textContent = hits.length === 0 ? data.hitsNone :
        hits.length === 1 ? data.hitsOne : fill(data.hitsMany, {n: hits.length});
    }

    function run() {
      var text = input.value.trim();
      window.clearTimeout(timer);
      if (text.length < 3) { list.textContent = ""; return; }
      var mine = ++asked;
      status.textContent = data.searching;
      var url = new URL(data.search, window.location.href);
      url.searchParams.set("sok", text);
      url.searchParams.set("treffPerSide", "5");
      fetch(url.toString(), {headers: {Accept: "application/json"}, credentials: "omit"})
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (answer) { if (mine === asked) { render(hitsOf(answer)); } })
        .catch(function () {
          if (mine === asked) { list.textContent = ""; status.textContent = data.failed; }
        });
    }

    function options() { return Array.prototype.slice.call(list.querySelectorAll("button")); }

    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); run(); }
      if (event.key === "ArrowDown" && options().length) {
        event.preventDefault();
        options()[0].focus();
      }
    });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, 400);
    });
    button.addEventListener("click", run);
    list.addEventListener("keydown", function (event) {
      var all = options();
      var at = all.indexOf(document.activeElement);
      if (at < 0) { return; }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var next = at + (event.key === "ArrowDown" ? 1 : -1);
        if (next < 0) { input.focus(); } else { all[Math.min(next, all.length - 1)].focus(); }
      } else if (event.key === "Escape") {
        input.focus();
      }
    });
  }

  /* --- the idea's page and the list's map view ------------------------------------------- */

  function setUpPoint(element) {
    var data = element.dataset;
    var point = L.latLng(parseFloat(data.lat), parseFloat(data.lon));
    var map = makeMap(element, {scrollWheelZoom: false});
    map.setView(point, 15);
    L.marker(point, {alt: data.marker, keyboard: false}).addTo(map);
  }

  function setUpList(element) {
    var source = document.getElementById(element.dataset.markers);
    if (!source) { return; }
    var map = makeMap(element, {scrollWheelZoom: false});
    var points = [];
    source.querySelectorAll("li[data-lat]").forEach(function (item) {
      var link = item.querySelector("a");
      var point = L.latLng(parseFloat(item.dataset.lat), parseFloat(item.dataset.lon));
      var popup = document.createElement("a");
      popup.href = link.href;
      popup.textContent = link.textContent;
      L.marker(point, {alt: link.textContent, title: link.textContent})
        .bindPopup(popup).addTo(map);
      points.push(point);
    });
    if (points.length === 1) {
      map.setView(points[0], 15);
    } else {
      map.fitBounds(L.latLngBounds(points), {padding: [24, 24], maxZoom: 16});
    }
  }

  var setUp = {pick: setUpPick, point: setUpPoint, list: setUpList};
  document.querySelectorAll(".map[data-map]").forEach(function (element) {
    var how = setUp[element.dataset.map];
    if (how) { how(element); }
  });
}());
