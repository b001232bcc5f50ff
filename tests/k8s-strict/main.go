// Command k8s-strict decodes every object of rendered Kubernetes manifests (multi-document
// YAML files) into the typed API structs of k8s.io/api, refusing unknown fields: the schema
// validation of tests/k8s-schemas checks types and required fields but lets a misspelt field
// (readinesProbe, securityContex) pass, which the API server would silently drop. Kinds of
// other API groups (KEDA, prometheus-operator) are left to that validation and counted.
//
// Usage: k8s-strict FILE.yaml...   (exit 1 naming each object that does not decode)
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// The core kinds the chart renders, by apiVersion and kind.
var kinds = map[string]func() any{
	"apps/v1/Deployment":                     func() any { return &appsv1.Deployment{} },
	"v1/Service":                             func() any { return &corev1.Service{} },
	"v1/ConfigMap":                           func() any { return &corev1.ConfigMap{} },
	"v1/Secret":                              func() any { return &corev1.Secret{} },
	"v1/ServiceAccount":                      func() any { return &corev1.ServiceAccount{} },
	"batch/v1/Job":                           func() any { return &batchv1.Job{} },
	"batch/v1/CronJob":                       func() any { return &batchv1.CronJob{} },
	"policy/v1/PodDisruptionBudget":          func() any { return &policyv1.PodDisruptionBudget{} },
	"networking.k8s.io/v1/NetworkPolicy":     func() any { return &networkingv1.NetworkPolicy{} },
	"autoscaling/v2/HorizontalPodAutoscaler": func() any { return &autoscalingv2.HorizontalPodAutoscaler{} },
}

// Groups whose objects this command does not know but tests/k8s-schemas validates.
var elsewhere = map[string]bool{"keda.sh/v1alpha1": true, "monitoring.coreos.com/v1": true}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: k8s-strict FILE.yaml...")
		os.Exit(2)
	}
	strict, other, failed := 0, 0, 0
	for _, path := range os.Args[1:] {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "k8s-strict:", err)
			os.Exit(1)
		}
		reader := utilyaml.NewYAMLReader(bufio.NewReader(f))
		for {
			doc, err := reader.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				fmt.Fprintf(os.Stderr, "k8s-strict: %s: %v\n", path, err)
				os.Exit(1)
			}
			text, err := yaml.YAMLToJSON(doc)
			if err != nil {
				fmt.Fprintf(os.Stderr, "k8s-strict: %s: %v\n", path, err)
				os.Exit(1)
			}
			if bytes.Equal(bytes.TrimSpace(text), []byte("null")) {
				continue // an empty document between separators
			}
			var head struct {
				APIVersion string `json:"apiVersion"`
				Kind       string `json:"kind"`
				Metadata   struct {
					Name string `json:"name"`
				} `json:"metadata"`
			}
			if err := json.Unmarshal(text, &head); err != nil {
				fmt.Fprintf(os.Stderr, "k8s-strict: %s: %v\n", path, err)
				os.Exit(1)
			}
			name := fmt.Sprintf("%s: %s %s", path, head.Kind, head.Metadata.Name)
			newObject, known := kinds[head.APIVersion+"/"+head.Kind]
			if !known {
				if elsewhere[head.APIVersion] {
					other++
					continue
				}
				fmt.Fprintf(os.Stderr, "%s: unknown apiVersion/kind %s/%s\n", name, head.APIVersion, head.Kind)
				failed++
				continue
			}
			decoder := json.NewDecoder(bytes.NewReader(text))
			decoder.DisallowUnknownFields()
			if err := decoder.Decode(newObject()); err != nil {
				fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
				failed++
				continue
			}
			strict++
		}
		f.Close()
	}
	fmt.Printf("k8s-strict: %d objects decoded strictly, %d of other API groups left to the schemas, %d refused\n",
		strict, other, failed)
	if failed > 0 {
		os.Exit(1)
	}
}
