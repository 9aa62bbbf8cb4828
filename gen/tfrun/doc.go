// Package tfrun drives the real terraform binary, through terraform-exec,
// over a rendered root module such as out/envs/dev.
//
// A [Runner] is opened on one root module directory. Opening finds
// terraform (TF_BIN, then PATH, then an install of the pinned version with
// hc-install when the network allows), checks its version against every
// required_version the configuration declares, and writes the Terraform CLI
// configuration the runner passes through TF_CLI_CONFIG_FILE. Each verb then
// lives in its own file, as in terraform-exec: [Runner.Init], [Runner.Plan],
// [Runner.Apply], [Runner.Destroy], [Runner.Output], [Runner.Validate].
//
// Plans are saved under <dir>/.moochat/: the plan file, the plan read back
// with `terraform show -json` (sensitive values redacted), and a stamp that
// records a content hash of the rendered files the plan was made from, the
// plan file's hash and the result of the policy gate. Apply applies that
// saved plan only, and refuses when it is missing, stale, made from other
// files, made offline, not passed by the gate, or when its stamp is not
// authentic (an HMAC with a key kept outside the repository, see
// [StampKeyEnv]).
//
// Every verb holds a per-environment lock (<dir>/.moochat/lock, a flock)
// for its whole run; a second run on a busy environment fails at once
// with a [*BusyError].
//
// The package never prints. Terraform's own output is streamed to
// [Config.Output]; the runner's steps (start, done, skipped, still running)
// are reported to [Config.OnStep]; results and errors are returned. Every
// error from a step is a [*StepError] naming the step.
//
// Cancelling the context interrupts terraform (SIGINT, through
// terraform-exec), which then releases the state lock and exits; terraform
// is killed only after [Config.WaitDelay] or by [KillRunning].
package tfrun
