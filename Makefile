# Shortcuts; the scripts do the work and install what they need.
.PHONY: demo test bench
demo:
	bash scripts/demo.sh
test:
	bash scripts/test.sh
bench:
	CGO_ENABLED=0 go test -run '^$$' -bench . -benchmem ./...
