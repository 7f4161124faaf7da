"""Layout analysis of PDF pages: spans of text -> lines -> paragraphs and table rows, page
furniture and contents tables dropped. Plain data in, plain data out: nothing here talks to the
PDF library."""
