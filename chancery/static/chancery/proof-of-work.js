// The public form's proof of work (chancery/petitions/challenge.py). When the page asks for one (an element
// with data-proof-token and data-proof-bits), find the number whose SHA-256 with the token starts with that
// many zero bits and put it in the form's proof_nonce field; the button is enabled once it is found. Served
// from the site itself (the content security policy allows no inline script and no other origin).
(function () {
  "use strict";

  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ];
  var W = new Array(64);

  function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }

  // SHA-256 of an ASCII text shorter than 56 characters (one block), as eight 32-bit words.
  function sha256Words(text) {
    var i;
    for (i = 0; i < 16; i++) { W[i] = 0; }
    for (i = 0; i < text.length; i++) { W[i >> 2] |= (text.charCodeAt(i) & 0xff) << (24 - 8 * (i & 3)); }
    W[text.length >> 2] |= 0x80 << (24 - 8 * (text.length & 3));
    W[15] = text.length * 8;
    for (i = 16; i < 64; i++) {
      var a = W[i - 15], b = W[i - 2];
      var s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      var s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
    }
    var h0 = 0x6a09e667, h1 = 0xbb67ae85, h2 = 0x3c6ef372, h3 = 0xa54ff53a;
    var h4 = 0x510e527f, h5 = 0x9b05688c, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
    var A = h0, B = h1, C = h2, D = h3, E = h4, F = h5, G = h6, H = h7;
    for (i = 0; i < 64; i++) {
      var S1 = rotr(E, 6) ^ rotr(E, 11) ^ rotr(E, 25);
      var ch = (E & F) ^ (~E & G);
      var t1 = (H + S1 + ch + K[i] + W[i]) | 0;
      var S0 = rotr(A, 2) ^ rotr(A, 13) ^ rotr(A, 22);
      var maj = (A & B) ^ (A & C) ^ (B & C);
      var t2 = (S0 + maj) | 0;
      H = G; G = F; F = E; E = (D + t1) | 0; D = C; C = B; B = A; A = (t1 + t2) | 0;
    }
    return [(h0 + A) >>> 0, (h1 + B) >>> 0, (h2 + C) >>> 0, (h3 + D) >>> 0,
            (h4 + E) >>> 0, (h5 + F) >>> 0, (h6 + G) >>> 0, (h7 + H) >>> 0];
  }

  function leadingZeroBits(words) {
    var bits = 0;
    for (var i = 0; i < words.length; i++) {
      var zeros = Math.clz32(words[i]);
      bits += zeros;
      if (zeros < 32) { break; }
    }
    return bits;
  }

  // Search from `start` through `count` numbers; the answer as a text, or null.
  function search(token, bits, start, count) {
    for (var n = start; n < start + count; n++) {
      if (leadingZeroBits(sha256Words(token + ":" + n)) >= bits) { return String(n); }
    }
    return null;
  }

  function begin(box) {
    var form = box.closest("form");
    var field = form && form.querySelector("input[name=proof_nonce]");
    if (!field) { return; }
    var token = box.getAttribute("data-proof-token");
    var bits = parseInt(box.getAttribute("data-proof-bits"), 10);
    var status = box.querySelector("[data-proof-status]");
    var buttons = form.querySelectorAll("[type=submit]");
    buttons.forEach(function (b) { b.disabled = true; });
    var next = 0;
    function step() {
      var found = search(token, bits, next, 20000);
      if (found === null) {
        next += 20000;
        setTimeout(step, 0);  // let the page answer the person between slices
        return;
      }
      field.value = found;
      buttons.forEach(function (b) { b.disabled = false; });
      if (status) { status.textContent = box.getAttribute("data-proof-done") || ""; }
    }
    step();
  }

  if (typeof document !== "undefined") {
    document.addEventListener("DOMContentLoaded", function () {
      document.querySelectorAll("[data-proof-token]").forEach(begin);
    });
  }
  if (typeof module !== "undefined" && module.exports) {
    module.exports = { sha256Words: sha256Words, leadingZeroBits: leadingZeroBits, search: search };
  }
}());
