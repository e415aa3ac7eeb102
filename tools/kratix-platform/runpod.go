package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/util/retry"
)

// How long a failed container waits before it is run again (a kubelet backs off from 10 s up).
const restartDelay = time.Second

func (r *podRunner) run(ctx context.Context, pod *corev1.Pod) {
	defer r.forgetKey(podKey(pod))
	if err := r.bind(ctx, pod); err != nil {
		fmt.Fprintf(os.Stderr, "runner: bind %s: %v\n", podKey(pod), err)
		return
	}
	volumes, err := r.prepareVolumes(ctx, pod)
	if err != nil {
		r.fail(ctx, pod, "VolumesNotReady", err.Error())
		return
	}
	now := metav1.Now()
	r.updateStatus(ctx, pod, func(status *corev1.PodStatus) {
		status.Phase = corev1.PodPending
		status.StartTime = &now
		status.HostIP, status.PodIP = "127.0.0.1", "127.0.0.1"
		status.Conditions = []corev1.PodCondition{{Type: corev1.PodScheduled, Status: corev1.ConditionTrue, LastTransitionTime: now}}
	})
	for index, container := range pod.Spec.InitContainers {
		if !r.runWithRestarts(ctx, pod, container, volumes, true, index) {
			return
		}
	}
	r.updateStatus(ctx, pod, func(status *corev1.PodStatus) { status.Phase = corev1.PodRunning })
	for index, container := range pod.Spec.Containers {
		if !r.runWithRestarts(ctx, pod, container, volumes, false, index) {
			return
		}
	}
	r.updateStatus(ctx, pod, func(status *corev1.PodStatus) { status.Phase = corev1.PodSucceeded })
}

func (r *podRunner) forgetKey(key string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.running, key)
}

func (r *podRunner) bind(ctx context.Context, pod *corev1.Pod) error {
	if pod.Spec.NodeName != "" {
		return nil
	}
	binding := &corev1.Binding{
		ObjectMeta: metav1.ObjectMeta{Name: pod.Name, Namespace: pod.Namespace, UID: pod.UID},
		Target:     corev1.ObjectReference{Kind: "Node", Name: runnerNode},
	}
	return r.client.CoreV1().Pods(pod.Namespace).Bind(ctx, binding, metav1.CreateOptions{})
}

// runWithRestarts runs one container; under restartPolicy OnFailure a failed container is run
// again (its restartCount counted, as the Job controller reads it) until it succeeds or the
// Pod is deleted. It answers whether the Pod goes on.
func (r *podRunner) runWithRestarts(ctx context.Context, pod *corev1.Pod, container corev1.Container, volumes map[string]string, initContainer bool, index int) bool {
	restarts := int32(0)
	for {
		started := metav1.Now()
		r.setContainerState(ctx, pod, container.Name, initContainer, restarts, corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: started}})
		exitCode := r.execContainer(ctx, pod, container, volumes)
		if ctx.Err() != nil {
			return false
		}
		reason := "Completed"
		if exitCode != 0 {
			reason = "Error"
		}
		r.setContainerState(ctx, pod, container.Name, initContainer, restarts, corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
			ExitCode: int32(exitCode), Reason: reason, StartedAt: started, FinishedAt: metav1.Now(),
		}})
		if exitCode == 0 {
			return true
		}
		if pod.Spec.RestartPolicy != corev1.RestartPolicyOnFailure {
			r.updateStatus(ctx, pod, func(status *corev1.PodStatus) { status.Phase = corev1.PodFailed })
			return false
		}
		restarts++
		select {
		case <-ctx.Done():
			return false
		case <-time.After(restartDelay):
		}
	}
}

func (r *podRunner) setContainerState(ctx context.Context, pod *corev1.Pod, name string, initContainer bool, restarts int32, state corev1.ContainerState) {
	r.updateStatus(ctx, pod, func(status *corev1.PodStatus) {
		statuses := &status.ContainerStatuses
		specs := pod.Spec.Containers
		if initContainer {
			statuses, specs = &status.InitContainerStatuses, pod.Spec.InitContainers
		}
		for _, spec := range specs {
			found := false
			for _, existing := range *statuses {
				found = found || existing.Name == spec.Name
			}
			if !found {
				*statuses = append(*statuses, corev1.ContainerStatus{Name: spec.Name, Image: spec.Image,
					State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "PodInitializing"}}})
			}
		}
		for i := range *statuses {
			if (*statuses)[i].Name == name {
				entry := &(*statuses)[i]
				if state.Running != nil && entry.State.Terminated != nil {
					entry.LastTerminationState = entry.State
				}
				entry.State = state
				entry.RestartCount = restarts
				entry.Ready = state.Running != nil
				entry.Started = boolPointer(state.Running != nil)
				entry.ImageID = "kratix-platform://" + entry.Image
				entry.ContainerID = fmt.Sprintf("kratix-platform://%s/%s/%d", pod.UID, name, restarts)
			}
		}
	})
}

func boolPointer(value bool) *bool { return &value }

func (r *podRunner) fail(ctx context.Context, pod *corev1.Pod, reason, message string) {
	r.updateStatus(ctx, pod, func(status *corev1.PodStatus) {
		status.Phase = corev1.PodFailed
		status.Reason, status.Message = reason, message
	})
}

func (r *podRunner) updateStatus(ctx context.Context, pod *corev1.Pod, change func(*corev1.PodStatus)) {
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		current, err := r.client.CoreV1().Pods(pod.Namespace).Get(ctx, pod.Name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		change(&current.Status)
		_, err = r.client.CoreV1().Pods(pod.Namespace).UpdateStatus(ctx, current, metav1.UpdateOptions{})
		return err
	})
	if err != nil && ctx.Err() == nil {
		fmt.Fprintf(os.Stderr, "runner: status of %s: %v\n", podKey(pod), err)
	}
}

// prepareVolumes makes a folder for each of the Pod's volumes: empty folders, ConfigMap and
// Secret items, and the projected service-account token with the CA and the namespace.
func (r *podRunner) prepareVolumes(ctx context.Context, pod *corev1.Pod) (map[string]string, error) {
	folders := map[string]string{}
	for _, volume := range pod.Spec.Volumes {
		folder := filepath.Join(r.podDir(pod), "volumes", volume.Name)
		if err := os.MkdirAll(folder, 0o755); err != nil {
			return nil, err
		}
		folders[volume.Name] = folder
		var err error
		switch {
		case volume.EmptyDir != nil:
		case volume.ConfigMap != nil:
			err = r.writeConfigMap(ctx, pod.Namespace, volume.ConfigMap.Name, volume.ConfigMap.Items, folder)
		case volume.Secret != nil:
			err = r.writeSecret(ctx, pod.Namespace, volume.Secret.SecretName, volume.Secret.Items, folder)
		case volume.Projected != nil:
			err = r.writeProjected(ctx, pod, volume.Projected, folder)
		default:
			err = fmt.Errorf("volume %q: only emptyDir, configMap, secret and projected volumes are supported", volume.Name)
		}
		if err != nil {
			return nil, err
		}
	}
	return folders, nil
}

func writeItems(data map[string][]byte, items []corev1.KeyToPath, folder string) error {
	if len(items) == 0 {
		for key := range data {
			items = append(items, corev1.KeyToPath{Key: key, Path: key})
		}
	}
	for _, item := range items {
		content, ok := data[item.Key]
		if !ok {
			return fmt.Errorf("key %q not found", item.Key)
		}
		path := filepath.Join(folder, item.Path)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func (r *podRunner) writeConfigMap(ctx context.Context, namespace, name string, items []corev1.KeyToPath, folder string) error {
	configMap, err := r.client.CoreV1().ConfigMaps(namespace).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return err
	}
	data := map[string][]byte{}
	for key, value := range configMap.Data {
		data[key] = []byte(value)
	}
	return writeItems(data, items, folder)
}

func (r *podRunner) writeSecret(ctx context.Context, namespace, name string, items []corev1.KeyToPath, folder string) error {
	secret, err := r.client.CoreV1().Secrets(namespace).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return err
	}
	return writeItems(secret.Data, items, folder)
}

func (r *podRunner) writeProjected(ctx context.Context, pod *corev1.Pod, projected *corev1.ProjectedVolumeSource, folder string) error {
	for _, source := range projected.Sources {
		switch {
		case source.ServiceAccountToken != nil:
			expiry := int64(3600)
			if source.ServiceAccountToken.ExpirationSeconds != nil {
				expiry = *source.ServiceAccountToken.ExpirationSeconds
			}
			request := &authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{
				ExpirationSeconds: &expiry,
				BoundObjectRef:    &authenticationv1.BoundObjectReference{Kind: "Pod", APIVersion: "v1", Name: pod.Name, UID: pod.UID},
			}}
			if source.ServiceAccountToken.Audience != "" {
				request.Spec.Audiences = []string{source.ServiceAccountToken.Audience}
			}
			token, err := r.client.CoreV1().ServiceAccounts(pod.Namespace).CreateToken(ctx, pod.Spec.ServiceAccountName, request, metav1.CreateOptions{})
			if err != nil {
				return err
			}
			if err := writeItems(map[string][]byte{"token": []byte(token.Status.Token)},
				[]corev1.KeyToPath{{Key: "token", Path: source.ServiceAccountToken.Path}}, folder); err != nil {
				return err
			}
		case source.ConfigMap != nil:
			if err := r.writeConfigMap(ctx, pod.Namespace, source.ConfigMap.Name, source.ConfigMap.Items, folder); err != nil {
				return err
			}
		case source.Secret != nil:
			if err := r.writeSecret(ctx, pod.Namespace, source.Secret.Name, source.Secret.Items, folder); err != nil {
				return err
			}
		case source.DownwardAPI != nil:
			for _, item := range source.DownwardAPI.Items {
				if item.FieldRef == nil || item.FieldRef.FieldPath != "metadata.namespace" {
					return fmt.Errorf("downward API item %q: only metadata.namespace is supported", item.Path)
				}
				if err := writeItems(map[string][]byte{"namespace": []byte(pod.Namespace)},
					[]corev1.KeyToPath{{Key: "namespace", Path: item.Path}}, folder); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// execContainer runs one container to its end and answers its exit code; its output goes to
// the container's log.
func (r *podRunner) execContainer(ctx context.Context, pod *corev1.Pod, container corev1.Container, volumes map[string]string) int {
	logDir := filepath.Join(r.podDir(pod), "logs")
	_ = os.MkdirAll(logDir, 0o755)
	logFile, err := os.OpenFile(filepath.Join(logDir, container.Name+".log"), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return 1
	}
	defer logFile.Close()
	env, err := r.containerEnv(ctx, pod, container)
	if err != nil {
		fmt.Fprintln(logFile, "runner:", err)
		return 1
	}
	mounts := map[string]string{}
	for _, mount := range container.VolumeMounts {
		folder, ok := volumes[mount.Name]
		if !ok {
			fmt.Fprintf(logFile, "runner: volume %q not found\n", mount.Name)
			return 1
		}
		mounts[mount.MountPath] = filepath.Join(folder, mount.SubPath)
	}
	if container.Image == pipelineAdapterImage {
		return r.execAdapter(ctx, pod, container, env, mounts, logFile)
	}
	if image, ok := testImages[container.Image]; ok {
		return image(ctx, testImageRun{env: env, mounts: mounts, log: logFile})
	}
	fmt.Fprintf(logFile, "runner: image %q is not one the pipeline runner can run\n", container.Image)
	return 1
}

func (r *podRunner) containerEnv(ctx context.Context, pod *corev1.Pod, container corev1.Container) (map[string]string, error) {
	env := map[string]string{
		"KUBERNETES_SERVICE_HOST": "127.0.0.1",
		"KUBERNETES_SERVICE_PORT": strings.TrimPrefix(r.config.server[strings.LastIndex(r.config.server, ":"):], ":"),
		"HOSTNAME":                pod.Name,
	}
	for _, from := range container.EnvFrom {
		if from.ConfigMapRef != nil {
			configMap, err := r.client.CoreV1().ConfigMaps(pod.Namespace).Get(ctx, from.ConfigMapRef.Name, metav1.GetOptions{})
			if err != nil {
				return nil, err
			}
			for key, value := range configMap.Data {
				env[from.Prefix+key] = value
			}
		}
	}
	for _, variable := range container.Env {
		switch {
		case variable.ValueFrom == nil:
			env[variable.Name] = variable.Value
		case variable.ValueFrom.FieldRef != nil && variable.ValueFrom.FieldRef.FieldPath == "metadata.namespace":
			env[variable.Name] = pod.Namespace
		case variable.ValueFrom.FieldRef != nil && variable.ValueFrom.FieldRef.FieldPath == "metadata.name":
			env[variable.Name] = pod.Name
		default:
			return nil, fmt.Errorf("env %q: only values and the Pod's name and namespace are supported", variable.Name)
		}
	}
	return env, nil
}

// execAdapter runs Kratix's pipeline adapter image as its Dockerfile lays it out: the
// work-creator program in the working folder, the reader and update-status scripts, kubectl and
// yq on PATH, a POSIX sh (alpine's; bash here) and each volume at its mount path, in a mount
// namespace of its own so the Pod's paths (/kratix/input, /work-creator-files/...) are its own.
func (r *podRunner) execAdapter(ctx context.Context, pod *corev1.Pod, container corev1.Container, env map[string]string, mounts map[string]string, log io.Writer) int {
	workDir, err := os.MkdirTemp(r.podDir(pod), container.Name+"-")
	if err != nil {
		fmt.Fprintln(log, "runner:", err)
		return 1
	}
	imageBin := filepath.Join(r.config.dir, ".adapter-bin")
	if err := r.prepareAdapterBin(imageBin); err != nil {
		fmt.Fprintln(log, "runner:", err)
		return 1
	}
	if err := os.Symlink(filepath.Join(r.config.bin, "cmd"), filepath.Join(workDir, "work-creator")); err != nil {
		fmt.Fprintln(log, "runner:", err)
		return 1
	}
	paths := make([]string, 0, len(mounts))
	for path := range mounts {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	var script strings.Builder
	script.WriteString("set -e\n")
	for _, path := range paths {
		fmt.Fprintf(&script, "mkdir -p %q && mount --bind %q %q\n", path, mounts[path], path)
	}
	script.WriteString("cd \"$KRATIX_PLATFORM_WORKDIR\"\nexec \"$@\"\n")
	command := append(append([]string{}, container.Command...), container.Args...)
	args := append([]string{"--mount", "--propagation", "private", "bash", "-c", script.String(), "container"}, command...)
	cmd := exec.CommandContext(ctx, "unshare", args...)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.Env = []string{"PATH=" + imageBin + ":/usr/local/bin:/usr/bin:/bin", "KRATIX_PLATFORM_WORKDIR=" + workDir, "HOME=" + workDir}
	for key, value := range env {
		cmd.Env = append(cmd.Env, key+"="+value)
	}
	if err := cmd.Run(); err != nil {
		if exit, ok := err.(*exec.ExitError); ok {
			return exit.ExitCode()
		}
		fmt.Fprintln(log, "runner:", err)
		return 1
	}
	return 0
}

// prepareAdapterBin lays out the adapter image's PATH once: Kratix's scripts from its module,
// the built kubectl and yq, and sh as bash (the scripts use set -o pipefail, which Debian's dash
// lacks and alpine's sh has).
func (r *podRunner) prepareAdapterBin(folder string) error {
	if _, err := os.Stat(filepath.Join(folder, "sh")); err == nil {
		return nil
	}
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return err
	}
	links := map[string]string{
		"reader":        filepath.Join(r.config.kratixModule, "work-creator", "scripts", "reader"),
		"update-status": filepath.Join(r.config.kratixModule, "work-creator", "scripts", "update-status"),
		"kubectl":       filepath.Join(r.config.bin, "kubectl"),
		"yq":            filepath.Join(r.config.bin, "yq"),
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		return err
	}
	links["sh"] = bash
	for name, target := range links {
		if name == "reader" || name == "update-status" {
			// Module files are read-only and not executable; the image copies them in as programs.
			content, err := os.ReadFile(target)
			if err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(folder, name), content, 0o755); err != nil {
				return err
			}
			continue
		}
		if err := os.Symlink(target, filepath.Join(folder, name)); err != nil && !os.IsExist(err) {
			return err
		}
	}
	return nil
}
