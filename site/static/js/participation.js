/* Readers' forms (comments, nominations): the proof-of-work answer (core/antispam.py)
   and the gentle warning before posting Vietnamese typed without diacritics. */
(function () {
  "use strict";

  function toHex(buffer) {
    return Array.from(new Uint8Array(buffer), function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  // Try 0, 1, 2… until sha256(salt + n) is the challenge; a few thousand hashes per batch
  // so the page stays responsive on a slow phone.
  async function solve(challenge) {
    var encoder = new TextEncoder();
    for (var n = 0; n <= challenge.maxnumber; n++) {
      var digest = await crypto.subtle.digest("SHA-256", encoder.encode(challenge.salt + n));
      if (toHex(digest) === challenge.challenge) return n;
    }
    return null;
  }

  function setupProofOfWork(form) {
    var data = form.querySelector("#pow-challenge");
    var input = form.querySelector("input[name=altcha]");
    var status = form.querySelector("[data-pow-status]");
    if (!data || !input) return;
    if (!window.crypto || !crypto.subtle) {
      status.textContent = "Trình duyệt này không hỗ trợ bước xác minh (cần kết nối HTTPS).";
      return;
    }
    var challenge = JSON.parse(data.textContent);
    var submitWhenDone = false;
    var done = solve(challenge).then(function (number) {
      if (number === null) { status.textContent = "Không xác minh được, vui lòng tải lại trang."; return; }
      input.value = btoa(JSON.stringify({
        algorithm: challenge.algorithm, challenge: challenge.challenge, number: number,
        salt: challenge.salt, signature: challenge.signature
      }));
      status.textContent = "Đã xác minh, bạn có thể gửi.";
      if (submitWhenDone) form.requestSubmit();
    });
    form.addEventListener("submit", function (event) {
      if (!input.value) {
        event.preventDefault();
        submitWhenDone = true;
        status.textContent = "Đang xác minh chống thư rác, biểu mẫu sẽ tự gửi sau giây lát…";
        return done;
      }
    });
  }

  // Same rule as core/text.py lacks_diacritics().
  var WORD = /[\p{L}\p{M}]+/gu;
  function lacksDiacritics(text) {
    var words = text.normalize("NFC").match(WORD) || [];
    if (words.length < 4) return false;
    return words.every(function (w) { return !/[\u0300-\u036f]/.test(w.normalize("NFD")) && !/[đĐ]/.test(w); });
  }

  function setupDiacriticsCheck(form) {
    var textarea = form.querySelector("[data-diacritics-check]");
    var warning = form.querySelector("[data-diacritics-warning]");
    if (!textarea || !warning) return;
    var confirm = warning.querySelector("input[type=checkbox]");
    form.addEventListener("submit", function (event) {
      if (lacksDiacritics(textarea.value) && !confirm.checked) {
        event.preventDefault();
        event.stopImmediatePropagation();
        warning.classList.remove("is-hidden");
        confirm.focus();
      }
    }, true);
    textarea.addEventListener("blur", function () {
      if (lacksDiacritics(textarea.value)) warning.classList.remove("is-hidden");
    });
  }

  document.querySelectorAll("form[data-protected-form]").forEach(function (form) {
    setupDiacriticsCheck(form);
    setupProofOfWork(form);
  });
})();
