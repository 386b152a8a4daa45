//go:build tools

// Package tools pins the AWS Lambda Runtime Interface Emulator, whose cmd
// (aws-lambda-rie) the Lambda bundle tests build with `go build`.
package tools

import _ "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie"
