//===- SyntheticReport.cpp ------------------------------------------------===//
#include "SyntheticReport.h"

namespace noinstr {
namespace test {

const char *const HostileFunction = "../../x\"<evil>{|}\\\n";

std::string hostileCallee() {
  // A path separator, HTML, and far more than any file name may hold.
  return "a/b<script>alert(1)</script>&" + std::string(300, 'L');
}

static CodeLocation at(const std::string &Symbol, uint64_t SecOff,
                       uint64_t SymOff) {
  CodeLocation L;
  L.Object = "vmlinux.o";
  L.Section = ".noinstr.text";
  L.SectionOffset = SecOff;
  L.Symbol = Symbol;
  L.SymbolOffset = SymOff;
  return L;
}

Report syntheticReport() {
  Report R;
  R.Inputs = {"vmlinux.o"};
  R.Remarks = {"synthetic report <for tests> & checks"};

  Finding Call;
  Call.Rule = RuleId::NoinstrCall;
  Call.Level = Severity::Error;
  Call.Site = at("do_work", 0x210, 0x10);
  Call.Site.Source = {{"include/linux/trace.h", 12, 3, "trace_inline"},
                      {"kernel/entry/demo.c", 40, 5, "do_work"}};
  Call.Function = "do_work";
  Call.Callee = "trace_thing";
  Call.Message = "call to 'trace_thing' leaves .noinstr.text";
  Call.Notes = {"trace_thing is traceable"};
  ChainHop H0{"exc_demo", at("exc_demo", 0x14, 0x14), EntryState::Raw};
  H0.Site.Source = {{"arch/x86/kernel/demo.c", 7, 2, "exc_demo"}};
  ChainHop H1{"irqentry_helper", at("irqentry_helper", 0x108, 0x8),
              EntryState::Established};
  ChainHop H2{"do_work", Call.Site, EntryState::Established};
  Call.Chain = {H0, H1, H2};
  Call.EntryPoints = {"exc_demo"};
  Call.Classification = "traced-helper";
  Call.Hint = "use the raw_ variant";
  Call.ObjtoolReports = true;
  Call.ObjtoolMessage = "call to trace_thing() leaves .noinstr.text section";

  Finding Dynamic;
  Dynamic.Rule = RuleId::NoinstrIndirectCall;
  Dynamic.Level = Severity::Error;
  Dynamic.Site = at("do_work", 0x230, 0x30);
  Dynamic.Function = "do_work";
  Dynamic.Callee = IndirectCalleeName;
  Dynamic.Dispatch = CalleeKind::Indirect;
  Dynamic.Message = "indirect call outside an instrumentation region";

  Finding Return;
  Return.Rule = RuleId::RegionReturnOpen;
  Return.Level = Severity::Error;
  Return.Site = at("do_work", 0x240, 0x40);
  Return.Site.Source = {{"/usr/src/linux dir/kernel/a:b.c", 99, 0, "do_work"}};
  Return.Function = "do_work";
  Return.Message = "return with an instrumentation region open";

  Finding Hostile;
  Hostile.Rule = RuleId::NoinstrCall;
  Hostile.Level = Severity::Warning;
  Hostile.Site = at(HostileFunction, 0x300, 0x4);
  Hostile.Function = HostileFunction;
  Hostile.Callee = hostileCallee();
  Hostile.Message = "call to '<script>alert(\"x\")</script>' & friends";
  Hostile.Notes = {"<b>not bold</b>", "quote ' and \" and &amp;"};
  Hostile.Hint = "<img src=x onerror=alert(1)>";

  R.Findings = {Hostile, Return, Dynamic, Call};
  R.finalize();
  // finalize() derives fingerprints; pin one and drop one so the renderers'
  // handling of both cases is what the tests see.
  R.Findings[0].Fingerprint = "f00dfeed";
  R.Findings[1].Fingerprint.clear();

  auto Node = [](std::string Name, std::string Section, bool Noinstr,
                 NodeRole Role = NodeRole::None) {
    return CallGraph::Node{std::move(Name), std::move(Section), Noinstr, Role};
  };
  R.Graph.Nodes = {
      Node("do_work", ".noinstr.text", true),
      Node("exc_demo", ".noinstr.text", true, NodeRole::Entry),
      Node("helper_ok", ".text", false),
      Node("irqentry_helper", ".noinstr.text", true, NodeRole::Establisher),
      Node("raw_thing", ".entry.text", true),
      Node("trace_thing", ".text", false)};
  auto Edge = [](std::string Caller, std::string Callee, CodeLocation Site,
                 bool InRegion, bool Finding, bool Tail = false,
                 CalleeKind Dispatch = CalleeKind::Direct) {
    CallGraph::Edge E;
    E.Caller = std::move(Caller);
    E.Callee = std::move(Callee);
    E.Dispatch = Dispatch;
    E.Site = std::move(Site);
    E.InRegion = InRegion;
    E.Finding = Finding;
    E.TailCall = Tail;
    return E;
  };
  R.Graph.Edges = {
      Edge("do_work", "trace_thing", Call.Site, false, true),
      Edge("do_work", "helper_ok", at("do_work", 0x218, 0x18), true, false),
      Edge("do_work", "raw_thing", at("do_work", 0x220, 0x20), false, false,
           /*Tail=*/true),
      Edge("do_work", "{dynamic}", Dynamic.Site, false, true, false,
           CalleeKind::Indirect),
      Edge("exc_demo", "irqentry_helper", H0.Site, false, false),
      Edge("irqentry_helper", "do_work", H1.Site, false, false),
  };
  return R;
}

} // namespace test
} // namespace noinstr
