// The execution contexts the differential matrix (diff_matrix.h) runs in, one function each.
//
// Each returns the JSON object of one context:
//   {"context": "<name>", "setup": {...}, "error": "..." | null, "matrix": {...} | null}
// `error` says why the context could not be entered (no time namespaces, mremap refused, ...);
// `matrix` is then null. None of them changes the calling process: every context that alters
// the process (a namespace, a moved vDSO, the TAI offset) runs in a child, and the TAI offset is
// restored before the function returns.
#pragma once

#include <string>

#include "vdso_functions.h"

namespace vdsoconf::agent {

// The argument that makes the agent, exec'd by itself, run only the matrix and write its JSON
// object to stdout (diff_exec_entry.cc).
inline constexpr const char* kDiffMatrixArgument = "--vdsoconf-diff-matrix";

// The matrix as this process runs it: the initial namespaces.
std::string DiffInInitialNamespaces(const VdsoFunctions& functions);
// In a second thread of this process.
std::string DiffInSecondThread(const VdsoFunctions& functions);
// In a vfork child, sharing this process's memory until it exits.
std::string DiffInVforkChild(const VdsoFunctions& functions);
// In a child that is the first task of a new time namespace with non-zero monotonic and
// boottime offsets (exec_inside false), or in a program exec'd there (exec_inside true: the
// agent itself with kDiffMatrixArgument).
std::string DiffInTimeNamespace(const VdsoFunctions& functions, bool exec_inside);
// In a child that moved [vvar] and [vdso] together with mremap and resolved the entry points
// again from the new base.
std::string DiffAfterMremap();
// In a child forked after adjtimex(ADJ_TAI) set a non-zero TAI offset different from the
// current one.
std::string DiffWithTaiOffset(const VdsoFunctions& functions);

}  // namespace vdsoconf::agent
