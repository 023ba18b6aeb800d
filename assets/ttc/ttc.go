// Package ttc extracts one face of a TrueType Collection (.ttc, such as
// Windows' simsun.ttc) as a standalone TrueType file, because the PDF
// writer reads single TrueType files only.
package ttc

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
)

// IsCollection reports whether data starts like a TrueType Collection.
func IsCollection(data []byte) bool { return len(data) >= 4 && string(data[:4]) == "ttcf" }

type tableRec struct {
	tag                      [4]byte
	checksum, offset, length uint32
}

// Extract returns face number face of the collection ttc as a standalone
// TrueType file. Tables are copied unchanged, 4-byte aligned, in tag order,
// and head.checkSumAdjustment is recomputed.
func Extract(ttc []byte, face int) ([]byte, error) {
	be := binary.BigEndian
	if len(ttc) < 12 || string(ttc[:4]) != "ttcf" {
		return nil, errors.New("不是 TrueType 集合文件（ttcf）")
	}
	n := int(be.Uint32(ttc[8:]))
	if face < 0 || face >= n || 12+4*(face+1) > len(ttc) {
		return nil, fmt.Errorf("字体序号 %d 超出范围（共 %d 个）", face, n)
	}
	off := int(be.Uint32(ttc[12+4*face:]))
	if off+12 > len(ttc) {
		return nil, errors.New("偏移表越界")
	}
	sfntVersion := be.Uint32(ttc[off:])
	numTables := int(be.Uint16(ttc[off+4:]))
	if off+12+16*numTables > len(ttc) {
		return nil, errors.New("表目录越界")
	}
	recs := make([]tableRec, numTables)
	for i := range recs {
		p := off + 12 + 16*i
		copy(recs[i].tag[:], ttc[p:p+4])
		recs[i].checksum = be.Uint32(ttc[p+4:])
		recs[i].offset = be.Uint32(ttc[p+8:])
		recs[i].length = be.Uint32(ttc[p+12:])
		if int(recs[i].offset)+int(recs[i].length) > len(ttc) {
			return nil, fmt.Errorf("表 %s 越界", recs[i].tag[:])
		}
	}
	sort.Slice(recs, func(i, j int) bool { return string(recs[i].tag[:]) < string(recs[j].tag[:]) })

	// Header: offset table and directory.
	hdr := 12 + 16*numTables
	size := hdr
	for _, r := range recs {
		size += int(r.length+3) &^ 3
	}
	out := make([]byte, size)
	be.PutUint32(out[0:], sfntVersion)
	be.PutUint16(out[4:], uint16(numTables))
	es := 0
	for 1<<(es+1) <= numTables {
		es++
	}
	be.PutUint16(out[6:], uint16(16<<es))
	be.PutUint16(out[8:], uint16(es))
	be.PutUint16(out[10:], uint16(numTables*16-(16<<es)))
	pos := hdr
	headPos := -1
	for i, r := range recs {
		copy(out[pos:], ttc[r.offset:r.offset+r.length])
		if string(r.tag[:]) == "head" {
			headPos = pos
			be.PutUint32(out[pos+8:], 0) // checkSumAdjustment, recomputed below
		}
		d := 12 + 16*i
		copy(out[d:], r.tag[:])
		be.PutUint32(out[d+4:], checksum(out[pos:pos+int(r.length)]))
		be.PutUint32(out[d+8:], uint32(pos))
		be.PutUint32(out[d+12:], r.length)
		pos += int(r.length+3) &^ 3
	}
	if headPos < 0 {
		return nil, errors.New("缺少 head 表")
	}
	be.PutUint32(out[headPos+8:], 0xB1B0AFBA-checksum(out))
	return out, nil
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
