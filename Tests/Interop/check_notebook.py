"""Validates an exported notebook with nbformat and runs its code cells.

Usage: python3 check_notebook.py NOTEBOOK.ipynb [--execute]

Exits non-zero (with the reason on stderr) when the notebook is not valid
nbformat 4, or when --execute is given and a code cell raises. Cells run in
the notebook's folder with matplotlib's non-interactive backend, as
`jupyter nbconvert --execute` would (without needing a Jupyter kernel).
"""
import os
import sys

import nbformat

path = os.path.abspath(sys.argv[1])
notebook = nbformat.read(path, as_version=4)
nbformat.validate(notebook)
if "--execute" in sys.argv:
    import matplotlib

    matplotlib.use("Agg")
    os.chdir(os.path.dirname(path))
    namespace = {}
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            try:
                exec(compile(cell.source, f"{path}#cell{index}", "exec"), namespace)
            except Exception as error:  # report which cell failed
                print(f"cell {index} ({cell.get('id')}) raised {type(error).__name__}: {error}", file=sys.stderr)
                sys.exit(1)
    import matplotlib.pyplot as plt

    print(f"executed {sum(c.cell_type == 'code' for c in notebook.cells)} code cells, {len(plt.get_fignums())} figures")
else:
    print("valid")
