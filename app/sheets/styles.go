package sheets

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// styles are the cell styles of a workbook, created once per file.
type styles struct {
	title, note, header, text, textCenter, parent, readOnly, readOnlyCenter, input, inputText int
	status                                                                                    map[string]int
}

// Fill colours of the statuses in the consolidated workbook and elsewhere.
var statusColors = map[string]string{
	"达标":   "C6EFCE",
	"未达标":  "FFC7CE",
	"缺数据":  "FFEB9C",
	"目标待定": "D9E1F2",
}

const (
	colorHeader   = "DDEBF7"
	colorInput    = "FFFDE7"
	colorReadOnly = "EDEDED"
)

func border() []excelize.Border {
	var b []excelize.Border
	for _, side := range []string{"left", "right", "top", "bottom"} {
		b = append(b, excelize.Border{Type: side, Color: "A6A6A6", Style: 1})
	}
	return b
}

func newStyles(f *excelize.File) (*styles, error) {
	st := &styles{status: map[string]int{}}
	var firstErr error
	add := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("创建单元格样式：%w", err)
		}
		return id
	}
	locked := &excelize.Protection{Locked: true}
	unlocked := &excelize.Protection{Locked: false}
	wrap := func(h string) *excelize.Alignment {
		return &excelize.Alignment{Horizontal: h, Vertical: "center", WrapText: true}
	}
	fill := func(c string) excelize.Fill { return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}} }

	st.title = add(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: wrap("center"), Protection: locked})
	st.note = add(&excelize.Style{Font: &excelize.Font{Size: 10, Color: "595959"}, Alignment: wrap("left"), Protection: locked})
	st.header = add(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill(colorHeader), Border: border(), Alignment: wrap("center"), Protection: locked})
	st.text = add(&excelize.Style{Border: border(), Alignment: wrap("left"), Protection: locked})
	st.textCenter = add(&excelize.Style{Border: border(), Alignment: wrap("center"), Protection: locked})
	st.parent = add(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border(), Alignment: wrap("left"), Protection: locked})
	st.readOnly = add(&excelize.Style{Font: &excelize.Font{Color: "7F7F7F"}, Fill: fill(colorReadOnly), Border: border(), Alignment: wrap("left"), Protection: locked})
	st.readOnlyCenter = add(&excelize.Style{Font: &excelize.Font{Color: "7F7F7F"}, Fill: fill(colorReadOnly), Border: border(), Alignment: wrap("center"), Protection: locked})
	st.input = add(&excelize.Style{Fill: fill(colorInput), Border: border(), Alignment: wrap("center"), Protection: unlocked})
	st.inputText = add(&excelize.Style{Fill: fill(colorInput), Border: border(), Alignment: wrap("left"), Protection: unlocked})
	for name, c := range statusColors {
		st.status[name] = add(&excelize.Style{Fill: fill(c), Border: border(), Alignment: wrap("center"), Protection: locked})
	}
	return st, firstErr
}
