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
