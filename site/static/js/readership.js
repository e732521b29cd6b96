/* "Đọc nhiều": counts one read of this article (core/readership.py). The page may come from a
   cache, so the count is a request of its own, sent after the page is shown: once per article
   per tab session (a reload or the back button does not count again), never for a page the
   browser prerenders or opens in a background tab that is never looked at. It sends nothing
   but the article's address: no cookie is set, nothing about the reader is kept. */
(function () {
  "use strict";

  var script = document.currentScript;
  var url = script && script.dataset.viewUrl;
  if (!url) return;
  var key = "gs-read:" + url;

  function alreadyCounted() {
    try {
      return window.sessionStorage.getItem(key) === "1";
    } catch (e) {
      return false; // storage refused (private mode): count, at worst once per load
    }
  }

  function remember() {
    try {
      window.sessionStorage.setItem(key, "1");
    } catch (e) { /* nothing to do */ }
  }

  function send() {
    if (alreadyCounted()) return;
    remember();
    var sent = false;
    if (navigator.sendBeacon) {
      try {
        sent = navigator.sendBeacon(url);
      } catch (e) {
        sent = false;
      }
    }
    if (!sent && window.fetch) {
      fetch(url, { method: "POST", keepalive: true, credentials: "omit", cache: "no-store" }).catch(function () {});
    }
  }

  function whenShown() {
    if (document.prerendering) {
      document.addEventListener("prerenderingchange", whenShown, { once: true });
    } else if (document.visibilityState === "hidden") {
      document.addEventListener("visibilitychange", function shown() {
        if (document.visibilityState === "visible") {
          document.removeEventListener("visibilitychange", shown);
          send();
        }
      });
    } else {
      send();
    }
  }

  // After the page has loaded, and off its critical path.
  function afterLoad() {
    if (window.requestIdleCallback) {
      window.requestIdleCallback(whenShown, { timeout: 2000 });
    } else {
      window.setTimeout(whenShown, 0);
    }
  }

  if (document.readyState === "complete") {
    afterLoad();
  } else {
    window.addEventListener("load", afterLoad, { once: true });
  }
})();
