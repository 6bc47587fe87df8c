// CheckRecorder: counts, kept reproducers, verdict.
#include "vdsoconf/riscv/check/check_recorder.h"

#include <cstdio>

#include "vdsoconf/riscv/executor/protocol.h"

namespace vdsoconf::riscv::check {

CheckRecorder::CheckRecorder(std::string id) {
  result_.id = std::move(id);
  result_.evidence = nlohmann::json::object();
  result_.reproducer = nlohmann::json::array();
}

void CheckRecorder::Fail(std::string summary, nlohmann::json reproducer) {
  ++failures_;
  if (first_failure_.empty()) first_failure_ = summary;
  if (result_.reproducer.size() < kMaxReproducers) {
    reproducer["summary"] = std::move(summary);
    result_.reproducer.push_back(std::move(reproducer));
  }
}

void CheckRecorder::AddEvidence(const std::string& key, nlohmann::json value) {
  result_.evidence[key] = std::move(value);
}

CheckOutcome CheckRecorder::Finish(const std::string& pass_message) {
  CheckOutcome outcome;
  outcome.comparisons = comparisons_;
  outcome.calls = calls_;
  outcome.result = result_;
  outcome.result.evidence["comparisons"] = comparisons_;
  outcome.result.evidence["calls"] = calls_;
  outcome.result.evidence["failures"] = failures_;
  if (failures_ > 0) {
    outcome.result.status = reports::CheckStatus::kFail;
    outcome.result.message = std::to_string(failures_) + " of " + std::to_string(comparisons_) +
                             " comparisons differ; first: " + first_failure_;
  } else {
    outcome.result.status = reports::CheckStatus::kPass;
    outcome.result.message = pass_message;
    outcome.result.reproducer = nullptr;
  }
  return outcome;
}

CheckOutcome CheckRecorder::Skip(const std::string& why) {
  CheckOutcome outcome = Finish(why);
  if (failures_ == 0) outcome.result.status = reports::CheckStatus::kSkip;
  return outcome;
}

std::string HexBytes(const std::vector<std::uint8_t>& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (const std::uint8_t byte : bytes) {
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 15]);
  }
  return hex;
}

namespace {

std::string Hex(std::uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

std::string_view OutcomeName(protocol::Outcome outcome) {
  switch (outcome) {
    case protocol::Outcome::kReturned:
      return "returned";
    case protocol::Outcome::kFault:
      return "fault";
    case protocol::Outcome::kHang:
      return "hang";
  }
  return "unknown";
}

}  // namespace

nlohmann::json DescribeCallResult(const CallResult& result) {
  nlohmann::json json = {{"outcome", OutcomeName(result.outcome)},
                         {"counter_reads", result.counter_reads},
                         {"pauses", result.pauses}};
  if (result.outcome == protocol::Outcome::kReturned) {
    json["return_value"] = static_cast<std::int64_t>(result.return_value);
  }
  if (result.outcome == protocol::Outcome::kFault) {
    json["signal"] = result.signal;
    json["si_code"] = result.si_code;
    json["fault_address"] = Hex(result.fault_address);
    json["fault_pc_offset"] = result.fault_pc_offset;
  }
  json["ecalls"] = nlohmann::json::array();
  for (const auto& ecall : result.ecalls) {
    nlohmann::json args = nlohmann::json::array();
    for (const std::uint64_t arg : ecall.args) args.push_back(Hex(arg));
    json["ecalls"].push_back({{"number", ecall.number}, {"args", args}});
  }
  json["buffers"] = nlohmann::json::array();
  for (const auto& buffer : result.buffers) json["buffers"].push_back(HexBytes(buffer));
  return json;
}

nlohmann::json DescribeState(const GeneratedState& state) {
  return {{"state", state.name},
          {"state_summary", state.summary},
          {"state_kind", state.kind == StateKind::kRealistic ? "realistic" : "edge"}};
}

}  // namespace vdsoconf::riscv::check
