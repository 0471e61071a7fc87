//go:build tools

// Pins the Temporal CLI (dev server + Web UI) so scripts/build-temporal.sh can build it
// from the Go module proxy; no prebuilt binary is ever downloaded.
package tools

import _ "github.com/temporalio/cli/cmd/temporal"
