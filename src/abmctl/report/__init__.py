"""`abmctl report --html DIR`: the program as a static site for the weekly sync and the
quarterly review.

- `site.gather`: every report the site shows, each made by its own command's function;
- `pages`: the pages laid out from those reports; `html`: the page parts and styles;
- `charts`: the charts (matplotlib, the optional extra `abmctl[report]`) as inline SVG;
- `write`: the site written into DIR whole, never over files abmctl did not write.
"""
