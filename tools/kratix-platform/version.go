package main

import (
	"fmt"

	"k8s.io/component-base/version"
)

func printVersion() {
	fmt.Println(version.Get().GitVersion)
}
