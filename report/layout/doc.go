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
// Characters that no configured font can draw are reported in
// Info.MissingGlyphs, and by default make Write fail with a
// *MissingGlyphsError listing them.
package layout
