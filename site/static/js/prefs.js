// Runs before the first paint (not deferred): the text size the reader chose with A−/A+,
// remembered on this device only, so that the article never jumps after it appears.
try {
  var size = localStorage.getItem("gs-text-size");
  if (size) document.documentElement.dataset.textSize = size;
} catch (e) { /* storage blocked: the default size */ }
