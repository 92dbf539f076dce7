// RUN: rt-opt %s --split-input-file --verify-diagnostics | FileCheck %s

// The target attribute round-trips, features as a list.
// CHECK: module attributes {rtgpu.target = #rtgpu.target<arch = "sm_90a", sms = 132, shared_per_block = 232448, shared_per_sm = 233472, registers_per_sm = 65536, l2_bytes = 52428800, features = [mma_sync, cp_async, fp8, tma, clusters, wgmma]>}
module attributes {rtgpu.target = #rtgpu.target<arch = "sm_90a", sms = 132, shared_per_block = 232448, shared_per_sm = 233472, registers_per_sm = 65536, l2_bytes = 52428800, features = [mma_sync, cp_async, fp8, tma, clusters, wgmma]>} {}

// -----

// Fewer features than the architecture has: allowed (keeps code generation
// off one), down to none.
// CHECK: #rtgpu.target<arch = "sm_80", sms = 108, shared_per_block = 166912, shared_per_sm = 167936, registers_per_sm = 65536, l2_bytes = 41943040, features = []>
module attributes {rtgpu.target = #rtgpu.target<arch = "sm_80", sms = 108, shared_per_block = 166912, shared_per_sm = 167936, registers_per_sm = 65536, l2_bytes = 41943040, features = []>} {}

// -----

// expected-error @below {{unsupported target architecture 'sm_75' (sm_80, sm_86, sm_87, sm_89, sm_90, sm_90a)}}
module attributes {rtgpu.target = #rtgpu.target<arch = "sm_75", sms = 40, shared_per_block = 65536, shared_per_sm = 65536, registers_per_sm = 65536, l2_bytes = 4194304, features = [mma_sync]>} {}

// -----

// expected-error @below {{target SM count 0 is not an SM count (1 to 1024)}}
module attributes {rtgpu.target = #rtgpu.target<arch = "sm_80", sms = 0, shared_per_block = 166912, shared_per_sm = 167936, registers_per_sm = 65536, l2_bytes = 41943040, features = [mma_sync]>} {}

// -----

// expected-error @below {{shared memory per SM 2097152 is not between 1 byte and 1 MiB}}
module attributes {rtgpu.target = #rtgpu.target<arch = "sm_80", sms = 108, shared_per_block = 166912, shared_per_sm = 2097152, registers_per_sm = 65536, l2_bytes = 41943040, features = [mma_sync]>} {}

// -----

// expected-error @below {{shared memory per block 200000 is not between 1 byte and the SM's 167936}}
module attributes {rtgpu.target = #rtgpu.target<arch = "sm_80", sms = 108, shared_per_block = 200000, shared_per_sm = 167936, registers_per_sm = 65536, l2_bytes = 41943040, features = [mma_sync]>} {}

// -----

// expected-error @below {{registers per SM 100 is not between 1024 and 2^20}}
module attributes {rtgpu.target = #rtgpu.target<arch = "sm_80", sms = 108, shared_per_block = 166912, shared_per_sm = 167936, registers_per_sm = 100, l2_bytes = 41943040, features = [mma_sync]>} {}

// -----

// expected-error @below {{L2 size -1 is not between 0 and 4 GiB}}
module attributes {rtgpu.target = #rtgpu.target<arch = "sm_80", sms = 108, shared_per_block = 166912, shared_per_sm = 167936, registers_per_sm = 65536, l2_bytes = -1, features = [mma_sync]>} {}

// -----

// Warpgroup MMA is sm_90a's alone; TMA and clusters start at sm_90.
// expected-error @below {{sm_90 does not have wgmma}}
module attributes {rtgpu.target = #rtgpu.target<arch = "sm_90", sms = 132, shared_per_block = 232448, shared_per_sm = 233472, registers_per_sm = 65536, l2_bytes = 52428800, features = [mma_sync, wgmma]>} {}

// -----

// expected-error @below {{sm_89 does not have tma, clusters}}
module attributes {rtgpu.target = #rtgpu.target<arch = "sm_89", sms = 58, shared_per_block = 101376, shared_per_sm = 102400, registers_per_sm = 65536, l2_bytes = 50331648, features = [mma_sync, fp8, tma, clusters]>} {}

// -----

// expected-error @below {{unknown target feature 'tensor_cores' (mma_sync, cp_async, fp8, tma, clusters, wgmma)}}
// expected-error @below {{failed to parse RTGPU_TargetAttr parameter 'features'}}
module attributes {rtgpu.target = #rtgpu.target<arch = "sm_80", sms = 108, shared_per_block = 166912, shared_per_sm = 167936, registers_per_sm = 65536, l2_bytes = 41943040, features = [tensor_cores]>} {}
