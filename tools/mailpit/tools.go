//go:build tools

// Pins Mailpit (SMTP catcher with a web inbox and an API) so scripts/build-mailpit.sh can build it from the Go
// module proxy, its web inbox built from the module's own front-end sources with npm; no prebuilt binary is
// ever downloaded.
package tools

import _ "github.com/axllent/mailpit"
