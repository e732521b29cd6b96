/* The admin's pickers (core/widgets.py): Tom Select on Django's <select data-controller="gs-picker">.
   A Stimulus controller, registered on Wagtail's own application, so that selects added later
   (a new row of an inline panel) are enhanced too. The search folds the query as the server
   folds the options (core.text.fold: no accents, đ → d, lower case), so "dak" finds Đắk Lắk. */
(() => {
  const fold = (text) =>
    text
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();

  function enhance(select) {
    const multiple = select.multiple;
    return new window.TomSelect(select, {
      plugins: multiple ? { remove_button: { title: "Bỏ chọn" } } : {},
      maxOptions: null,
      placeholder: multiple ? "Gõ để tìm và chọn…" : "Gõ để tìm…",
      hidePlaceholder: multiple,
      closeAfterSelect: !multiple,
      allowEmptyOption: !multiple && !select.required,
      lockOptgroupOrder: true,
      // Every word typed must appear in the option's folded text (its name and other names).
      score(query) {
        const words = fold(query).split(" ").filter(Boolean);
        return (item) => {
          const text = item.folded || fold(item.text || "");
          return words.every((word) => text.includes(word)) ? 1 : 0;
        };
      },
      sortField: [{ field: "$score" }, { field: "$order" }],
      render: {
        no_results: () => '<div class="no-results">Không tìm thấy. Gõ ít chữ hơn, có dấu hay không dấu đều được.</div>',
      },
    });
  }

  const { app } = window.wagtail || {};
  const { Controller } = window.StimulusModule || {};
  if (!window.TomSelect || !app || !Controller) return; // the plain select still works

  app.register(
    "gs-picker",
    class extends Controller {
      connect() {
        if (!this.element.tomselect) this.picker = enhance(this.element);
      }

      disconnect() {
        this.picker?.destroy();
        this.picker = null;
      }
    },
  );
})();
