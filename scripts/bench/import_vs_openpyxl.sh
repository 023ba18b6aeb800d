#!/bin/sh
# Compares our import of 30 filled returns with python3-openpyxl merely
# loading the same workbooks (issue #12 §3, goal: ours at least 5x faster).
#
#   scripts/bench/import_vs_openpyxl.sh [runs]
#
# The returns are those of BenchmarkImport30 (app/sheets/bench_test.go),
# written by TestWriteBenchReturns. openpyxl: load_workbook(data_only=True)
# and read the value of every cell of every sheet. Ours: the CLI
# `import --dry-run --accept-warnings` of the folder into a fresh demo project (reading,
# checking and classifying every value against the database; the process,
# opening the project and loading its assessment included). Each side runs
# `runs` times (default 5); the median wall time is compared.
set -eu
cd "$(dirname "$0")/../.."
runs=${1:-5}

# apt installs openpyxl for the system's python3, not for one of pyenv etc.
py=${PYTHON:-python3}
[ -x /usr/bin/python3 ] && [ -z "${PYTHON:-}" ] && py=/usr/bin/python3
if ! "$py" -c 'import openpyxl' 2>/dev/null; then
	echo "installing python3-openpyxl from apt ..." >&2
	apt-get install -y python3-openpyxl >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
returns="$work/returns"
CGO_ENABLED=0 go test ./app/sheets -count=1 -run '^TestWriteBenchReturns$' -args -bench-returns "$returns" >/dev/null
CGO_ENABLED=0 go build -o "$work/ecoreport-cli" ./cmd/ecoreport-cli
n=$(ls "$returns"/*.xlsx | wc -l)
size=$(du -sk "$returns" | cut -f1)
echo "returns: $n workbooks, $size KB, in $returns"

cat > "$work/load.py" <<'PY'
import glob, sys, time
import openpyxl
files = sorted(glob.glob(sys.argv[1] + "/*.xlsx"))
t0 = time.perf_counter()
cells = 0
for f in files:
    wb = openpyxl.load_workbook(f, data_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                cells += 1
    wb.close()
print("%.6f %d" % (time.perf_counter() - t0, cells))
PY

# GNU date, not a python3 process: starting one (20 ms to over 0.5 s on a
# busy machine) would be counted in the time of the command after it.
now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

: > "$work/py.txt"; : > "$work/py-in.txt"; : > "$work/go.txt"
i=0
while [ $i -lt "$runs" ]; do
	i=$((i + 1))
	t0=$(now)
	out=$("$py" "$work/load.py" "$returns")
	t1=$(now)
	awk "BEGIN { print $t1 - $t0 }" >> "$work/py.txt"
	echo "$out" | cut -d' ' -f1 >> "$work/py-in.txt"
	cells=$(echo "$out" | cut -d' ' -f2)

	db="$work/demo$i.db"
	"$work/ecoreport-cli" init --db "$db" --demo >/dev/null 2>&1
	t0=$(now)
	rc=0
	"$work/ecoreport-cli" import --db "$db" --dry-run --accept-warnings "$returns" >"$work/import.out" 2>"$work/import.err" || rc=$?
	t1=$(now)
	if [ $rc -ne 0 ]; then
		echo "import --dry-run failed (exit $rc):" >&2
		tail -5 "$work/import.err" >&2
		exit 1
	fi
	awk "BEGIN { print $t1 - $t0 }" >> "$work/go.txt"
done

pyw=$(median < "$work/py.txt")
pyin=$(median < "$work/py-in.txt")
go=$(median < "$work/go.txt")
echo "openpyxl $("$py" -c 'import openpyxl; print(openpyxl.__version__)'), load_workbook(data_only=True) + every cell ($cells cells), median of $runs:"
printf '  %.3f s wall (python3 process included), %.3f s in the loop\n' "$pyw" "$pyin"
echo "ecoreport-cli import --dry-run (process, project and checks included), median of $runs:"
printf '  %.3f s wall\n' "$go"
printf 'ratio openpyxl/ours: %.1fx (wall), %.1fx (openpyxl loop only); goal >= 5x\n' \
	"$(awk "BEGIN { print $pyw / $go }")" "$(awk "BEGIN { print $pyin / $go }")"
