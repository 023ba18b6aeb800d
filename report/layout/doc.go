// Package layout is the typesetting engine of the reports: a document model
// (headings, paragraphs, tables, charts, contents, ...), a layout step that
// breaks Chinese lines and paginates, and a PDF writer. It knows nothing
// about indicators or reports; documents are built on top of it.
//
// Typical use:
//
//	doc := layout.NewDocument(layout.Options{Title: "技术报告", Author: "创建办"})
//	doc.Add(&layout.Title{Text: "技术报告"})
//	doc.NewSection(layout.PageSetup{Numbers: layout.NumberOfTotal, RestartNumbering: true})
//	doc.Add(&layout.TOC{}, layout.H(1, "区域概况"), layout.P("海陵区位于……"))
//	info, err := doc.Write(w)
//
// Layout is done twice (the second pass fills the page numbers of the
// table of contents and the "共 M 页" totals), then the PDF is written once.
// The same input always gives byte-identical output.
//
// Pagination follows typesetting rules, not drawing order (keep.go): a
// heading keeps with the start of what follows it, a paragraph never leaves
// or carries a single line across a page break, a table keeps its caption,
// header and first two rows together, a group row with the rows after it,
// and repeats caption and header on continuation pages; on GB/T 9704 grid
// pages whole lines move, so the 22-line grid holds.
//
// Chinese running text gets full-width punctuation (Punctuate), except in
// runs and cells marked Code and in file names. Tables, charts and images
// marked Numbered are numbered 表1/图1 (or 表4-1 by chapter) in document
// order, charts and images in one sequence.
//
// Official faces (仿宋, 黑体, 楷体, 小标宋, 宋体) are taken from the
// machine when Fonts.UseSystem is set (ResolveFonts tells which file serves
// each role); the PDF names fonts by their PostScript names and dates carry
// their time zone. Fonts are embedded as subsets of the characters each
// document sets, cut by report/ttfsubset from faces parsed once per process
// (subset.go), so the PDF writer never parses a whole Chinese face.
//
// Characters that no configured font can draw are reported in
// Info.MissingGlyphs, and by default make Write fail with a
// *MissingGlyphsError listing them.
package layout
