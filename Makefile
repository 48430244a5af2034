# Pipeline: train deep generative models in C#, export to ONNX, sample from a lean runtime.
# `make setup` installs everything (idempotent); `make test` and `make run` depend on it.
SHELL := /bin/bash
NPROC := $(shell nproc)
CONFIG ?= Release
TOOLS := dotnet tools/Pipeline.Tools/bin/$(CONFIG)/net10.0/Pipeline.Tools.dll

.PHONY: setup build test run bench pack clean

setup:
	@tools/setup.sh

build: setup
	dotnet build Pipeline.sln -c $(CONFIG) --nologo -v quiet

test: build
	@tools/run-tests.sh

# The main job: sample every shipped package in exported/ into PNG grids under out/ (no training).
run: build
	$(TOOLS) sample-all --models exported --out out

bench: build
	$(TOOLS) bench train

# The runtime as NuGet packages (Pipeline.Onnx, Pipeline.Runtime) in build/packages, the feed samples/Pipeline.Sample reads.
pack: build
	@tools/pack-runtime.sh

clean:
	rm -rf build out TestResults */*/bin */*/obj
