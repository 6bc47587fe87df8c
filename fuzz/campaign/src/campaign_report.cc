#include "vdsoconf/fuzz/campaign/campaign_report.h"

namespace vdsoconf::fuzz {

reports::FuzzCampaign ToFuzzCampaign(const CampaignSummary& summary, const std::string& kernel) {
  reports::FuzzCampaign campaign;
  campaign.target = summary.target;
  campaign.kernel = kernel;
  for (std::size_t i = 0; i < summary.series.size(); ++i) {
    const FuzzerStatus& status = summary.series[i];
    const double seconds = i < summary.series_seconds.size()
                               ? summary.series_seconds[i]
                               : static_cast<double>(status.elapsed_s);
    // Coverage as libFuzzer's features (ft:), not its edges (cov:): the model fuzzers' reader
    // has no edge counters, its features are behaviours (fuzz/support/.../model_feedback.h).
    campaign.samples.push_back(
        {seconds, static_cast<double>(status.ft), static_cast<double>(status.exec_per_sec)});
  }
  campaign.crashes = static_cast<int>(summary.findings.size());
  nlohmann::json findings = nlohmann::json::array();
  for (const Finding& finding : summary.findings) {
    findings.push_back({{"key", finding.key},
                        {"class", FindingClassName(finding.finding_class)},
                        {"first_line", finding.first_line},
                        {"occurrences", finding.occurrences},
                        {"reproducer", finding.reproducer.string()},
                        {"minimized", finding.minimized}});
  }
  campaign.details = {{"duration_s", summary.duration.count()},
                      {"jobs", summary.jobs},
                      {"execs", summary.last.execs},
                      {"final_exec_per_s", summary.last.exec_per_sec},
                      {"final_coverage", summary.last.cov},
                      {"features", summary.last.ft},
                      {"corpus", summary.last.corpus},
                      {"findings", findings},
                      {"infra_error", summary.infra_error}};
  return campaign;
}

}  // namespace vdsoconf::fuzz
