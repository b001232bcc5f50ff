{{/* Names, labels and the environment shared by the service, the migrations Job and the audit CronJob. */}}

{{- define "vextrus-flow.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-qualified name; at most 40 characters so "<fullname>-audit-verify" (a CronJob name,
at most 52) and the hook objects' names fit. */}}
{{- define "vextrus-flow.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "vextrus-flow.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "vextrus-flow.selectorLabels" -}}
app.kubernetes.io/name: {{ include "vextrus-flow.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "vextrus-flow.labels" -}}
helm.sh/chart: {{ include "vextrus-flow.chart" . }}
{{ include "vextrus-flow.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: vextrus-flow
{{- end -}}

{{/* The service's pods (Deployment, Service, PDB, autoscalers). */}}
{{- define "vextrus-flow.serverSelectorLabels" -}}
{{ include "vextrus-flow.selectorLabels" . }}
app.kubernetes.io/component: server
{{- end -}}

{{- define "vextrus-flow.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "vextrus-flow.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "vextrus-flow.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* The Secret with the runtime DSN, the API token and the SASL password. */}}
{{- define "vextrus-flow.secretName" -}}
{{- default (include "vextrus-flow.fullname" .) .Values.secret.existingSecret -}}
{{- end -}}

{{/* The Secret with the owner DSN, read by the migrations Job only. */}}
{{- define "vextrus-flow.ownerSecretName" -}}
{{- if .Values.migrations.existingSecret -}}
{{- .Values.migrations.existingSecret -}}
{{- else if .Values.secret.existingSecret -}}
{{- .Values.secret.existingSecret -}}
{{- else -}}
{{- printf "%s-migrate" (include "vextrus-flow.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "vextrus-flow.policyConfigMapName" -}}
{{- default (printf "%s-policy" (include "vextrus-flow.fullname" .)) .Values.policy.existingConfigMap -}}
{{- end -}}

{{/* Policy file names in VEXTRUS_POLICY order. */}}
{{- define "vextrus-flow.policyFiles" -}}
{{- $files := list -}}
{{- if .Values.policy.existingConfigMap -}}
{{- $files = .Values.policy.existingConfigMapFiles -}}
{{- else -}}
{{- if .Values.policy.includeDefault -}}{{- $files = append $files "bd-default.yaml" -}}{{- end -}}
{{- range $name, $_ := .Values.policy.files -}}{{- if ne $name "bd-default.yaml" -}}{{- $files = append $files $name -}}{{- end -}}{{- end -}}
{{- end -}}
{{- $paths := list -}}
{{- range $files -}}{{- $paths = append $paths (printf "/etc/vextrus-flow/policy/%s" .) -}}{{- end -}}
{{- join "," $paths -}}
{{- end -}}

{{/* Checks that fail the render with the fix. */}}
{{- define "vextrus-flow.validate" -}}
{{- $partitions := int .Values.kafka.partitions -}}
{{- if and (not .Values.autoscaling.enabled) (not .Values.keda.enabled) (gt (int .Values.replicaCount) $partitions) -}}
{{- fail (printf "replicaCount %d exceeds kafka.partitions %d: a process beyond the input topics' partition count holds nothing (docs/scale-out.md)" (int .Values.replicaCount) $partitions) -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (not .Values.keda.enabled) (gt (int .Values.autoscaling.maxReplicas) $partitions) -}}
{{- fail (printf "autoscaling.maxReplicas %d exceeds kafka.partitions %d (docs/scale-out.md)" (int .Values.autoscaling.maxReplicas) $partitions) -}}
{{- end -}}
{{- if and .Values.keda.enabled (gt (int .Values.keda.maxReplicas) $partitions) -}}
{{- fail (printf "keda.maxReplicas %d exceeds kafka.partitions %d (docs/scale-out.md)" (int .Values.keda.maxReplicas) $partitions) -}}
{{- end -}}
{{- if eq .Values.kafka.brokers "embedded" -}}
{{- fail "kafka.brokers: the embedded broker binds 127.0.0.1 inside one process; give the cluster's bootstrap servers" -}}
{{- end -}}
{{- if and .Values.kafka.sasl.enabled (not .Values.kafka.sasl.username) -}}
{{- fail "kafka.sasl.enabled needs kafka.sasl.username" -}}
{{- end -}}
{{- if and .Values.kafka.sasl.enabled (not .Values.secret.existingSecret) (not .Values.secret.kafkaSaslPassword) -}}
{{- fail "kafka.sasl.enabled needs secret.kafkaSaslPassword or secret.existingSecret" -}}
{{- end -}}
{{- /* A property the chart sets from kafka.sasl or kafka.tls, given again among the properties,
would be a second variable of the same name in the pod (the later one wins, silently). */ -}}
{{- range $name := list "security.protocol" "sasl.mechanism" "sasl.username" -}}
{{- if and $.Values.kafka.sasl.enabled (hasKey $.Values.kafka.properties $name) -}}
{{- fail (printf "kafka.properties.%s: set by kafka.sasl when kafka.sasl.enabled; give it there, not twice" $name) -}}
{{- end -}}
{{- end -}}
{{- if and .Values.kafka.tls.caSecret.name (hasKey .Values.kafka.properties "ssl.ca.location") -}}
{{- fail "kafka.properties.ssl.ca.location: set by kafka.tls.caSecret; give one or the other" -}}
{{- end -}}
{{- if and .Values.policy.existingConfigMap (not .Values.policy.existingConfigMapFiles) -}}
{{- fail "policy.existingConfigMap needs policy.existingConfigMapFiles (the file names, in order)" -}}
{{- end -}}
{{- if not (include "vextrus-flow.policyFiles" .) -}}
{{- fail "no policy file: set policy.includeDefault, policy.files or policy.existingConfigMap" -}}
{{- end -}}
{{- end -}}

{{/* librdkafka property name → VEXTRUS_KAFKA_PROPERTIES_ variable. */}}
{{- define "vextrus-flow.kafkaPropertyEnv" -}}
{{- printf "VEXTRUS_KAFKA_PROPERTIES_%s" (. | replace "." "_" | upper) -}}
{{- end -}}

{{/* Settings every command needs: environment, log level, Kafka. */}}
{{- define "vextrus-flow.baseEnv" -}}
- name: VEXTRUS_ENV
  value: {{ .Values.environment | quote }}
- name: VEXTRUS_LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
- name: VEXTRUS_KAFKA_BROKERS
  value: {{ .Values.kafka.brokers | quote }}
- name: VEXTRUS_KAFKA_GROUP
  value: {{ .Values.kafka.group | quote }}
{{- end -}}

{{/* librdkafka properties, SASL and the brokers' CA. */}}
{{- define "vextrus-flow.kafkaEnv" -}}
{{- range $name, $value := .Values.kafka.properties }}
- name: {{ include "vextrus-flow.kafkaPropertyEnv" $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- if .Values.kafka.sasl.enabled }}
- name: VEXTRUS_KAFKA_PROPERTIES_SECURITY_PROTOCOL
  value: {{ .Values.kafka.sasl.securityProtocol | quote }}
- name: VEXTRUS_KAFKA_PROPERTIES_SASL_MECHANISM
  value: {{ .Values.kafka.sasl.mechanism | quote }}
- name: VEXTRUS_KAFKA_PROPERTIES_SASL_USERNAME
  value: {{ .Values.kafka.sasl.username | quote }}
- name: VEXTRUS_KAFKA_PROPERTIES_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "vextrus-flow.secretName" . }}
      key: {{ .Values.secret.keys.kafkaSaslPassword }}
{{- end }}
{{- if .Values.kafka.tls.caSecret.name }}
- name: VEXTRUS_KAFKA_PROPERTIES_SSL_CA_LOCATION
  value: {{ printf "/etc/vextrus-flow/tls/kafka/%s" .Values.kafka.tls.caSecret.key | quote }}
{{- end }}
{{- end -}}

{{/* The runtime role's DSN: the service and audit verify, never the owner's. */}}
{{- define "vextrus-flow.runtimeDsnEnv" -}}
- name: VEXTRUS_PG_DSN
  valueFrom:
    secretKeyRef:
      name: {{ include "vextrus-flow.secretName" . }}
      key: {{ .Values.secret.keys.pgDsn }}
{{- end -}}

{{/* Read-only mounts of the CAs, when given. */}}
{{- define "vextrus-flow.tlsVolumeMounts" -}}
{{- if .Values.kafka.tls.caSecret.name }}
- name: kafka-ca
  mountPath: /etc/vextrus-flow/tls/kafka
  readOnly: true
{{- end }}
{{- if .Values.postgresql.tls.caSecret.name }}
- name: postgresql-ca
  mountPath: /etc/vextrus-flow/tls/postgresql
  readOnly: true
{{- end }}
{{- end -}}

{{- define "vextrus-flow.tlsVolumes" -}}
{{- if .Values.kafka.tls.caSecret.name }}
- name: kafka-ca
  secret:
    secretName: {{ .Values.kafka.tls.caSecret.name }}
    items:
      - key: {{ .Values.kafka.tls.caSecret.key }}
        path: {{ .Values.kafka.tls.caSecret.key }}
{{- end }}
{{- if .Values.postgresql.tls.caSecret.name }}
- name: postgresql-ca
  secret:
    secretName: {{ .Values.postgresql.tls.caSecret.name }}
    items:
      - key: {{ .Values.postgresql.tls.caSecret.key }}
        path: {{ .Values.postgresql.tls.caSecret.key }}
{{- end }}
{{- end -}}

{{/* Non-root, read-only, no capabilities: the pod part. */}}
{{- define "vextrus-flow.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* ... and the container part. */}}
{{- define "vextrus-flow.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The config file given to run and audit verify with --config. */}}
{{- define "vextrus-flow.configFile" -}}
# Rendered by the vextrus-flow chart; keys of config/vextrus-flow.yaml. The contract's variables
# (VEXTRUS_ENV, VEXTRUS_KAFKA_*, VEXTRUS_HTTP_ADDR, VEXTRUS_POLICY, the secrets) are set in the
# environment of the pods and win over this file.
kafka:
  partitions: {{ int .Values.kafka.partitions }}
  replication_factor: {{ int .Values.kafka.replicationFactor }}
  topics:
    purchase_orders: {{ .Values.kafka.topics.purchaseOrders | quote }}
    invoices: {{ .Values.kafka.topics.invoices | quote }}
    onboarding: {{ .Values.kafka.topics.onboarding | quote }}
    audit: {{ .Values.kafka.topics.audit | quote }}
    notifications: {{ .Values.kafka.topics.notifications | quote }}
    dead_letter: {{ .Values.kafka.topics.deadLetter | quote }}
{{- with .Values.pipeline }}
pipeline:
{{- range $key, $value := . }}
  {{ $key }}: {{ int64 $value }}
{{- end }}
{{- end }}
{{- end -}}
