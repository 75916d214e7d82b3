"""Writing output files safely, for every command that writes them (``audit run``'s reports, ``audit extract -o``).

:mod:`audit.files.csv_safe` neutralises the CSV cells a spreadsheet would run as a formula;
:mod:`audit.files.temp` creates the temporary files that are renamed into place once whole. A ground-floor room:
extraction's output and the reports both write files, and neither should import the other for it.
"""
