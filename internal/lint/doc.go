// Package lint holds repository-wide checks of the source code that run as
// ordinary tests (go test ./internal/lint): rules of the quality bar that no
// compiler or vet check enforces. It has no code of its own.
package lint
