# Pipeline: train deep generative models in C#, export to ONNX, sample from a lean runtime.
# `make setup` installs everything (idempotent); `make test` and `make run` depend on it.
SHELL := /bin/bash
NPROC := $(shell nproc)
CONFIG ?= Release
# Another libtorch (e.g. the CUDA one of a PyTorch install): make native TORCH_DIR=/path/to/share/cmake/Torch
TORCH_DIR ?=
TOOLS := dotnet tools/Pipeline.Tools/bin/$(CONFIG)/net10.0/Pipeline.Tools.dll

.PHONY: setup native build test run bench pack clean

setup:
	@tools/setup.sh

native: setup
	@cmake -S training/native -B build/native -DCMAKE_BUILD_TYPE=Release $(if $(TORCH_DIR),-DTorch_DIR=$(TORCH_DIR)) > /dev/null
	@cmake --build build/native -j$(NPROC)

build: native
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
