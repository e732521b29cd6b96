"""The table both benchmarks print: rich when it is installed, aligned plain text otherwise."""


def print_table(title, env_lines, headers, rows, right):
    """right: the column numbers to align right (numbers)."""
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        print("\n" + "\n".join(env_lines) + "\n")
        widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]

        def fmt(row):
            return "  ".join(
                str(c).rjust(w) if i in right else str(c).ljust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=False))
            )

        print(fmt(headers))
        print("  ".join("-" * w for w in widths))
        for row in rows:
            print(fmt(row))
        return
    console = Console(width=max(150, Console().width))
    console.print()
    for line in env_lines:
        console.print(line, highlight=False)
    table = Table(title=title)
    for i, header in enumerate(headers):
        table.add_column(header, justify="right" if i in right else "left")
    for row in rows:
        table.add_row(*row)
    console.print(table)
