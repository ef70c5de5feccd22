/* The counter page: format the code as typed, refuse a typo before any request, scan a QR. */
(function () {
  "use strict";
  // Handlers here, not in attributes: the Content-Security-Policy refuses inline handlers.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  var tickAll = document.getElementById("tick-all");
  if (tickAll) {
    tickAll.addEventListener("click", function () {
      document.querySelectorAll(".siblings input:not(:disabled)").forEach(function (box) {
        box.checked = true;
      });
    });
  }
  var VC = window.VoucherCode;
  var gettext = VC.gettext, interpolate = VC.interpolate;  // the catalogue, or English
  var form = document.getElementById("code-form");
  if (!form) return;
  var input = document.getElementById("id_code");
  var hint = document.getElementById("code-hint");
  var submit = document.getElementById("check-button");

  function show(assessment) {
    hint.textContent = assessment.message;
    hint.dataset.state = assessment.state;
    input.setAttribute("aria-invalid", assessment.state === "invalid" ? "true" : "false");
    submit.disabled = assessment.state !== "valid";
  }

  input.addEventListener("input", function () {
    var code = VC.normalize(input.value).slice(0, VC.CODE_LENGTH + 4);
    var formatted = VC.display(code);
    if (formatted !== input.value) {
      input.value = formatted;
      input.setSelectionRange(formatted.length, formatted.length);
    }
    show(VC.assess(code));
  });

  form.addEventListener("submit", function (event) {
    var assessment = VC.assess(input.value);
    if (assessment.state !== "valid") {
      event.preventDefault();
      show(assessment.state === "partial"
        ? { state: "invalid", message: interpolate(gettext("Incomplete: %(what)s"),
                                                   { what: assessment.message }, true) }
        : assessment);
    }
  });

  function useScanned(text) {
    var code = VC.fromScan(text);
    if (!code) {
      show({ state: "invalid", message: gettext("This QR code is not a voucher.") });
      return false;
    }
    input.value = VC.display(code);
    show(VC.assess(code));
    stopCamera();
    form.requestSubmit ? form.requestSubmit() : form.submit();
    return true;
  }

  /* Decoding: Chromium's BarcodeDetector where it exists, otherwise jsQR (served from here). */
  var detector = null;
  if ("BarcodeDetector" in window) {
    try { detector = new window.BarcodeDetector({ formats: ["qr_code"] }); } catch (e) { detector = null; }
  }
  var canvas = document.createElement("canvas");

  function decodeWithJsQR(source, width, height) {
    canvas.width = width; canvas.height = height;
    var ctx = canvas.getContext("2d", { willReadFrequently: true });
    ctx.drawImage(source, 0, 0, width, height);
    var found = window.jsQR(ctx.getImageData(0, 0, width, height).data, width, height);
    return found ? found.data : null;
  }

  function decode(source, width, height) {
    if (detector) {
      return detector.detect(source).then(function (codes) {
        return codes.length ? codes[0].rawValue : decodeWithJsQR(source, width, height);
      }, function () { return decodeWithJsQR(source, width, height); });
    }
    return Promise.resolve(decodeWithJsQR(source, width, height));
  }
  window.counterDecode = decode;

  // A photo of the QR (the phone's camera app, or a file).
  var photo = document.getElementById("qr-photo");
  if (photo) {
    photo.addEventListener("change", function () {
      var file = photo.files && photo.files[0];
      if (!file) return;
      createImageBitmap(file).then(function (bitmap) {
        var scale = Math.min(1, 1024 / Math.max(bitmap.width, bitmap.height));
        return decode(bitmap, Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
      }).then(function (text) {
        if (!text) show({ state: "invalid", message: gettext("No QR code found in the photo.") });
        else useScanned(text);
      }, function () { show({ state: "invalid", message: gettext("Could not read the photo.") }); });
    });
  }

  // Live scanning with the camera.
  var video = document.getElementById("qr-video");
  var scanButton = document.getElementById("scan-button");
  var stream = null;

  function stopCamera() {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    if (video) video.hidden = true;
  }

  function tick() {
    if (!stream) return;
    if (video.readyState >= 2 && video.videoWidth) {
      decode(video, video.videoWidth, video.videoHeight).then(function (text) {
        if (text && useScanned(text)) return;
        requestAnimationFrame(tick);
      });
    } else {
      requestAnimationFrame(tick);
    }
  }

  if (scanButton && video) {
    if (!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia)) {
      scanButton.hidden = true;
    }
    scanButton.addEventListener("click", function () {
      if (stream) { stopCamera(); return; }
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (s) {
          stream = s; video.srcObject = s; video.hidden = false;
          video.play(); requestAnimationFrame(tick);
        }, function () {
          show({ state: "invalid", message: gettext("No camera: take a photo of the QR instead.") });
        });
    });
  }

  show(VC.assess(input.value));
  input.focus();
})();
