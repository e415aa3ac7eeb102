package main

import (
	"os"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
)

// runAPIServer runs Kubernetes' own kube-apiserver command, as its main does.
func runAPIServer(args []string) int {
	command := apiserver.NewAPIServerCommand()
	command.SetArgs(args)
	os.Args = append([]string{"kube-apiserver"}, args...)
	return cli.Run(command)
}

// runControllerManager runs Kubernetes' own kube-controller-manager command, as its main does.
func runControllerManager(args []string) int {
	command := controllermanager.NewControllerManagerCommand()
	command.SetArgs(args)
	os.Args = append([]string{"kube-controller-manager"}, args...)
	return cli.Run(command)
}
