// Share buttons: the phone's share sheet (which offers Zalo) where the browser has one,
// otherwise copy the link so it can be pasted into Zalo or anywhere else.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-share]");
  if (!button) return;
  const box = button.closest(".share");
  const status = box.querySelector(".share__status");
  const url = box.dataset.shareUrl;
  const title = box.dataset.shareTitle;
  if (button.dataset.share === "zalo" && navigator.share) {
    try { await navigator.share({ title, url }); return; } catch (e) { if (e.name === "AbortError") return; }
  }
  try {
    await navigator.clipboard.writeText(url);
    status.textContent = button.dataset.share === "zalo"
      ? "Đã sao chép liên kết, hãy dán vào Zalo."
      : "Đã sao chép liên kết.";
  } catch (e) {
    status.textContent = "Không sao chép được, hãy sao chép địa chỉ: " + url;
  }
});

// "Chuyên mục" and the search page's "Lọc": a link to the list (which works without
// JavaScript) that opens it in place instead.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("a[aria-controls][aria-expanded]");
  if (!toggle) return;
  const target = document.getElementById(toggle.getAttribute("aria-controls"));
  if (!target) return;
  event.preventDefault();
  const open = toggle.getAttribute("aria-expanded") !== "true";
  toggle.setAttribute("aria-expanded", String(open));
  target.classList.toggle("is-open", open);
  if (open && target.classList.contains("facets")) target.focus();
});

// A−/A+: the article's text size, remembered on this device (js/prefs.js applies it early).
const TEXT_SIZES = ["-1", "0", "1", "2", "3"];
const textSizeControls = document.querySelectorAll("button[data-text-step]");
function applyTextSize(size) {
  if (size === "0") delete document.documentElement.dataset.textSize;
  else document.documentElement.dataset.textSize = size;
  try { if (size === "0") localStorage.removeItem("gs-text-size"); else localStorage.setItem("gs-text-size", size); } catch (e) { /* not remembered */ }
  const index = TEXT_SIZES.indexOf(size);
  textSizeControls.forEach((button) => {
    const step = Number(button.dataset.textStep);
    button.disabled = index + step < 0 || index + step >= TEXT_SIZES.length;
  });
}
textSizeControls.forEach((button) => {
  button.closest("[hidden]")?.removeAttribute("hidden");
  button.addEventListener("click", () => {
    const current = document.documentElement.dataset.textSize || "0";
    const next = TEXT_SIZES[TEXT_SIZES.indexOf(current) + Number(button.dataset.textStep)];
    if (next !== undefined) applyTextSize(next);
  });
});
if (textSizeControls.length) applyTextSize(document.documentElement.dataset.textSize || "0");
