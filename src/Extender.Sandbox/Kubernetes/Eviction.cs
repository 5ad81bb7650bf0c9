using System.Text.Json.Nodes;
using Extender.Sandbox.Controllers;
using k8s;
using k8s.Models;

namespace Extender.Sandbox.Kubernetes;

/// <summary>
/// The <c>pods/eviction</c> subresource's admission: checks the policy/v1 Eviction body, then applies
/// <see cref="EvictionRules"/> to the stored pod and budgets. Spending the budget happens inside one store update,
/// so concurrent evictions can never spend more disruptions than the status allows. The caller deletes the pod.
/// </summary>
internal sealed class Eviction(ObjectStore store, TimeProvider time)
{
    private static readonly ApiResource Pods = ApiResources.Find("", "v1", "pods")!;
    private static readonly ApiResource Budgets = ApiResources.Find("policy", "v1", "poddisruptionbudgets")!;

    /// <param name="ns">The pod's namespace.</param>
    /// <param name="name">The pod's name, from the URL.</param>
    /// <param name="body">The policy/v1 Eviction.</param>
    /// <param name="dryRun">Decide only (<c>dryRun=All</c>, as <c>kubectl drain --dry-run=server</c> sends): the budget is not spent.</param>
    /// <exception cref="ApiException">The body is not an Eviction of this pod (400), the pod does not exist (404), or the rules refuse (429, 403, 500).</exception>
    public void Admit(string ns, string name, JsonObject body, bool dryRun)
    {
        if ((string?)body["kind"] is { } kind && kind != "Eviction")
        {
            throw ApiException.BadRequest($"the body is a {kind}, but the request is for policy/v1/Eviction");
        }

        if ((string?)body["metadata"]?["name"] is { Length: > 0 } bodyName && bodyName != name)
        {
            throw ApiException.BadRequest("name in URL does not match name in Eviction object");
        }

        var pod = KubernetesJson.Deserialize<V1Pod>(System.Text.Encoding.UTF8.GetString(store.Get(Pods, ns, name).Json));
        var budgets = store.List(Budgets, ns, LabelSelector.Everything, FieldSelector.Everything).Items
            .Select(b => KubernetesJson.Deserialize<V1PodDisruptionBudget>(System.Text.Encoding.UTF8.GetString(b.Json)));
        try
        {
            if (EvictionRules.BudgetToSpend(pod, budgets) is not { } budget)
            {
                return;
            }

            if (dryRun)
            {
                if (EvictionRules.Spend(budget, name, time.GetUtcNow()) is { } refusal)
                {
                    throw new EvictionRefusedException(refusal);
                }

                return;
            }

            store.Update(Budgets, ns, budget.Metadata.Name, current =>
            {
                var stored = KubernetesJson.Deserialize<V1PodDisruptionBudget>(current.ToJsonString());
                if (EvictionRules.Spend(stored, name, time.GetUtcNow()) is { } refusal)
                {
                    throw new EvictionRefusedException(refusal);
                }

                current["status"] = JsonNode.Parse(KubernetesJson.Serialize(stored.Status));
                return current;
            }, _ => null);
        }
        catch (EvictionRefusedException e)
        {
            throw Refused(e.Refusal);
        }
    }

    private static ApiException Refused(EvictionRefusal refusal)
    {
        var details = new JsonObject();
        if (refusal.Cause is not null)
        {
            details["causes"] = new JsonArray(new JsonObject { ["reason"] = "DisruptionBudget", ["message"] = refusal.Cause });
        }

        return new ApiException(refusal.Code, refusal.Reason, refusal.Message) { Details = details.Count == 0 ? null : details };
    }
}
