/* Store maps with Leaflet (served from the project).
 *
 * Editable maps ([data-store-place] inside a form's store fields): the pin goes where the server's
 * geocoder finds the address ("Find on the map", or when the address changes); the merchant drags
 * it, or taps the map, to put it on the door. The pin's coordinates fill the form's hidden
 * latitude/longitude fields; without them the server looks the address up itself on submit.
 * Read-only maps ([data-store-map][data-pins]): staff see the pins of an application's stores.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var config = {
    tiles: script.dataset.mapTiles,
    attribution: script.dataset.mapAttribution,
    icons: script.dataset.mapIcons,
    locateUrl: script.dataset.locateUrl,
    centre: [parseFloat(script.dataset.mapLatitude), parseFloat(script.dataset.mapLongitude)]
  };
  var messages = {
    found: script.dataset.textFound,
    byHand: script.dataset.textByHand,
    looking: script.dataset.textLooking,
    failed: script.dataset.textFailed
  };

  function baseMap(element, centre, zoom) {
    var map = L.map(element, {scrollWheelZoom: false}).setView(centre, zoom);
    if (config.tiles) {
      L.tileLayer(config.tiles, {maxZoom: 19, attribution: config.attribution}).addTo(map);
    }
    return map;
  }

  function fieldIn(scope, name) {
    return scope.querySelector("[name$='-" + name + "'], [name='" + name + "']");
  }

  function editable(block) {
    var scope = block.closest("[data-store-fields]") || block.form || document;
    var latitude = scope.querySelector("[data-place=latitude]");
    var longitude = scope.querySelector("[data-place=longitude]");
    var status = block.querySelector("[data-place-status]");
    var address = fieldIn(scope, "address"), city = fieldIn(scope, "city");
    var postcode = fieldIn(scope, "postcode");
    var placed = latitude.value && longitude.value;
    var start = placed ? [parseFloat(latitude.value), parseFloat(longitude.value)] : config.centre;
    var map = baseMap(block.querySelector("[data-store-map]"), start, placed ? 17 : 13);
    var pin = L.marker(start, {draggable: true, keyboard: true, title: block.dataset.pinTitle}).addTo(map);

    function put(point, text) {
      pin.setLatLng(point);
      latitude.value = point.lat.toFixed(6);
      longitude.value = point.lng.toFixed(6);
      status.textContent = text;
      block.dataset.placed = "true";
    }
    pin.on("dragend", function () { put(pin.getLatLng(), messages.byHand); });
    map.on("click", function (event) { put(event.latlng, messages.byHand); });

    function locate() {
      if (!address.value.trim() || !city.value.trim()) { return; }
      latitude.value = longitude.value = "";
      block.dataset.placed = "false";
      status.textContent = messages.looking;
      var query = new URLSearchParams({address: address.value, city: city.value,
                                       postcode: postcode ? postcode.value : ""});
      fetch(config.locateUrl + "?" + query, {headers: {"Accept": "application/json"}})
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          if (answer.found) {
            var point = L.latLng(answer.latitude, answer.longitude);
            map.setView(point, 17);
            put(point, messages.found.replace("%s", answer.label));
          } else {
            status.textContent = answer.message;
          }
        })
        .catch(function () { status.textContent = messages.failed; });
    }
    block.querySelector("[data-place-find]").addEventListener("click", locate);
    [address, city, postcode].forEach(function (input) {
      if (input) { input.addEventListener("change", locate); }
    });
    // A map drawn while hidden (a store block added later) needs to measure itself again.
    setTimeout(function () { map.invalidateSize(); }, 0);
  }

  function readOnly(element) {
    var pins = JSON.parse(element.dataset.pins || "[]");
    if (!pins.length) { return; }
    var map = baseMap(element, [pins[0].latitude, pins[0].longitude], 16);
    var bounds = [];
    pins.forEach(function (p) {
      L.marker([p.latitude, p.longitude], {title: p.label}).addTo(map).bindPopup(p.label);
      bounds.push([p.latitude, p.longitude]);
    });
    if (bounds.length > 1) { map.fitBounds(bounds, {padding: [30, 30], maxZoom: 16}); }
  }

  function init(root) {
    root.querySelectorAll("[data-store-place]:not([data-ready])").forEach(function (block) {
      block.dataset.ready = "true";
      editable(block);
    });
    root.querySelectorAll("[data-store-map][data-pins]:not([data-ready])").forEach(function (el) {
      el.dataset.ready = "true";
      readOnly(el);
    });
  }

  L.Icon.Default.imagePath = config.icons;
  init(document);

  // "Add another store": a copy of the empty form (Django's formset prefix __prefix__ numbered).
  document.querySelectorAll("[data-add-store]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var prefix = button.dataset.addStore;
      var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
      var template = document.getElementById(prefix + "-empty");
      var html = template.innerHTML.replace(/__prefix__/g, total.value)
        .replace(/__number__/g, String(parseInt(total.value, 10) + 1));
      total.value = String(parseInt(total.value, 10) + 1);
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var block = holder.firstElementChild;
      button.parentNode.insertBefore(block, button);
      init(block);
      fieldIn(block, "name").focus();
    });
  });
})();
