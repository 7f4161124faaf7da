"""Layout analysis of PDF pages: glyphs -> lines -> paragraphs, page furniture and contents
tables dropped. Plain data in, plain data out: nothing here talks to the PDF library."""
