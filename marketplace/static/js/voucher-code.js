/* Voucher codes in the browser: the same alphabet and check character as vouchers/codes.py.
 *
 * 15 random characters + 1 check character from a 31-character alphabet; the weighted sum
 * sum((i+1) * value(c_i)) over the 16 characters is divisible by 31. A typo is caught here,
 * before any request reaches the server.
 */
(function (root) {
  "use strict";
  var ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  var MODULUS = ALPHABET.length; // 31, a prime
  var CODE_LENGTH = 16;
  var GROUP = 4;
  // Django's JavaScript catalogue (/i18n/js/, loaded by the portal's pages) when present;
  // else the English text, as when this file runs alone.
  var gettext = root.gettext || function (text) { return text; };
  var interpolate = root.interpolate || function (format, values) {
    return format.replace(/%\((\w+)\)s/g, function (_m, name) { return String(values[name]); });
  };

  function normalize(typed) {
    return String(typed || "").replace(/[\s\-_.]/g, "").toUpperCase();
  }

  function weightedSum(chars) {
    var sum = 0;
    for (var i = 0; i < chars.length; i++) sum += (i + 1) * ALPHABET.indexOf(chars[i]);
    return sum;
  }

  function hasOnlyAlphabet(code) {
    for (var i = 0; i < code.length; i++) if (ALPHABET.indexOf(code[i]) < 0) return false;
    return true;
  }

  function isWellFormed(code) {
    return code.length === CODE_LENGTH && hasOnlyAlphabet(code) &&
      weightedSum(code) % MODULUS === 0;
  }

  function checkCharacter(body) {
    var partial = weightedSum(body);
    var weight = body.length + 1;
    for (var x = 0; x < MODULUS; x++) {
      if ((partial + weight * x) % MODULUS === 0) return ALPHABET[x];
    }
    return null;
  }

  function display(code) {
    var groups = [];
    for (var i = 0; i < code.length; i += GROUP) groups.push(code.slice(i, i + GROUP));
    return groups.join("-");
  }

  /* What to tell the cashier about what has been typed so far. */
  function assess(typed) {
    var code = normalize(typed);
    if (!code) return { state: "empty", message: "" };
    if (!hasOnlyAlphabet(code)) {
      return { state: "invalid", message: gettext("Codes never use I, L, O, 0 or 1: check the letters.") };
    }
    if (code.length < CODE_LENGTH) {
      return { state: "partial", message: interpolate(gettext("%(typed)s of %(length)s characters"),
                                                      { typed: code.length, length: CODE_LENGTH }, true) };
    }
    if (code.length > CODE_LENGTH) {
      return { state: "invalid", message: interpolate(gettext("Too long: a code has %(length)s characters."),
                                                      { length: CODE_LENGTH }, true) };
    }
    if (!isWellFormed(code)) {
      return { state: "invalid", message: gettext("This code has a typo: check each character.") };
    }
    return { state: "valid", message: gettext("Code looks right.") };
  }

  /* A code inside whatever a QR holds: the bare code, or a link that ends with it. */
  function fromScan(text) {
    var whole = normalize(text);
    if (isWellFormed(whole)) return whole;
    var re = /[2-9A-HJKMNP-Z]{4}-?[2-9A-HJKMNP-Z]{4}-?[2-9A-HJKMNP-Z]{4}-?[2-9A-HJKMNP-Z]{4}/g;
    var found = String(text || "").toUpperCase().match(re) || [];
    for (var i = found.length - 1; i >= 0; i--) {
      var candidate = normalize(found[i]);
      if (isWellFormed(candidate)) return candidate;
    }
    return null;
  }

  root.VoucherCode = {
    ALPHABET: ALPHABET, CODE_LENGTH: CODE_LENGTH, normalize: normalize,
    isWellFormed: isWellFormed, checkCharacter: checkCharacter, display: display,
    assess: assess, fromScan: fromScan, gettext: gettext, interpolate: interpolate,
  };
})(typeof window !== "undefined" ? window : this);
