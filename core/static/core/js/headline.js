/* An article's headline in the admin (core.widgets.HeadlineInput): a live character count under
   the field and a warning past the advised length; Enter does not break the line (the title is
   one line everywhere it is shown). A Stimulus controller on Wagtail's own application. */
(() => {
  const { app } = window.wagtail || {};
  const { Controller } = window.StimulusModule || {};
  if (!app || !Controller) return;

  app.register(
    "gs-headline",
    class extends Controller {
      static values = { advised: Number };

      connect() {
        this.note = document.createElement("p");
        this.note.className = "gs-headline-count";
        this.note.id = `${this.element.id}-dem-ky-tu`;
        this.note.setAttribute("aria-live", "polite");
        this.element.insertAdjacentElement("afterend", this.note);
        const described = this.element.getAttribute("aria-describedby");
        this.element.setAttribute("aria-describedby", [described, this.note.id].filter(Boolean).join(" "));
        this.update = this.update.bind(this);
        this.keepOneLine = this.keepOneLine.bind(this);
        this.element.addEventListener("input", this.update);
        this.element.addEventListener("keydown", this.keepOneLine);
        this.update();
      }

      disconnect() {
        this.element.removeEventListener("input", this.update);
        this.element.removeEventListener("keydown", this.keepOneLine);
        this.note?.remove();
      }

      keepOneLine(event) {
        if (event.key === "Enter") event.preventDefault();
      }

      update() {
        const length = [...this.element.value.trim()].length; // characters, not UTF-16 units
        const over = length > this.advisedValue;
        this.note.classList.toggle("gs-headline-count--over", over);
        this.note.textContent = over
          ? `${length} ký tự: dài hơn ${this.advisedValue}, Google và các ứng dụng đọc tin có thể cắt bớt tiêu đề.`
          : `${length}/${this.advisedValue} ký tự`;
      }
    },
  );
})();
